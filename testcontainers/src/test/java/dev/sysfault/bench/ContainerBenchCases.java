// Benchmark fixture: 20 small file tests under a fault (an fsync that fails), placed by sysfault.worker.where.
package dev.sysfault.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.junit.InjectSyscallFault;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.RepeatedTest;

public class ContainerBenchCases {

    @RepeatedTest(20)
    @InjectSyscallFault(syscall = "fsync", errno = "EIO")
    void writeAndSync() throws IOException {
        Path file = Files.createTempFile("bench", ".dat");
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            out.write(new byte[4096]);
            assertThatThrownBy(() -> out.getFD().sync()).isInstanceOf(IOException.class);
        } finally {
            Files.delete(file);
        }
    }
}
