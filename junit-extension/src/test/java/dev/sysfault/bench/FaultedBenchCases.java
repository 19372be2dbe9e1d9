// Benchmark fixture: 20 small file tests, each under a fault (an fsync that fails), so each runs in a worker JVM.
package dev.sysfault.bench;

import dev.sysfault.junit.InjectSyscallFault;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

public class FaultedBenchCases {

    @TempDir
    Path dir;

    @RepeatedTest(20)
    @InjectSyscallFault(syscall = "fsync", errno = "EIO")
    void writeAndSync(RepetitionInfo repetition) throws IOException {
        if (WriteAndSync.run(dir, repetition.getCurrentRepetition())) {
            throw new AssertionError("the sync succeeded: the fault was not there");
        }
    }
}
