// The same faulted tests on every glibc of the matrix, each invocation in a container of its image.
package dev.sysfault.samples.glibc;

import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.junit.ContainerImage;
import dev.sysfault.junit.InjectSyscallFault;
import dev.sysfault.samples.copy.FileCopier;
import dev.sysfault.samples.wal.WriteAheadLog;
import dev.sysfault.samples.walk.DirectoryWalker;
import dev.sysfault.samples.walk.WalkReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;

class AcrossGlibcsTest {

    /** What `getconf GNU_LIBC_VERSION` must say in each image: a matrix that ran on the host (2.36) cannot pass. */
    private static final Map<String, String> GLIBC = Map.of("sysfault/debian:bullseye", "glibc 2.31",
            "sysfault/debian:bookworm", "glibc 2.36", "sysfault/debian:trixie", "glibc 2.41",
            "sysfault/debian:sid", "glibc 2.4");

    @TempDir
    Path dir;

    @OnEveryGlibc
    void runsOnTheImagesOwnGlibc(ContainerImage image) throws IOException, InterruptedException {
        Process getconf = new ProcessBuilder("getconf", "GNU_LIBC_VERSION").start();
        String glibc = new String(getconf.getInputStream().readAllBytes(), UTF_8).trim();
        assertThat(getconf.waitFor()).isZero();
        assertThat(glibc).startsWith(GLIBC.get(image.name()));
    }

    @OnEveryGlibc
    @InjectSyscallFault(syscall = "getdents64", errno = "ENOTSUP", fdPath = "**/photos")
    void anUnlistableDirectoryIsReported(SyscallTrace trace) throws IOException {
        Files.createDirectories(dir.resolve("photos"));
        Files.writeString(dir.resolve("photos/cat.jpg"), "meow");
        Files.writeString(dir.resolve("notes.txt"), "hello");

        WalkReport report = DirectoryWalker.walk(dir);

        assertThat(report.files()).map(Path::toString).containsExactly("notes.txt");
        assertThat(report.skipped()).singleElement().satisfies(s -> assertThat(s.reason())
                .isEqualTo("Operation not supported"));
        assertThat(trace).syscall("getdents64").wasInjected().failedWith(Errno.ENOTSUP).once();
    }

    @OnEveryGlibc
    @InjectSyscallFault(syscall = "fsync", errno = "EIO", fdPath = "**/wal.log")
    void aFailedCommitIsReported(SyscallTrace trace) throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir)) {
            wal.append("debit alice 100".getBytes(UTF_8));
            assertThatThrownBy(wal::commit).isInstanceOf(IOException.class).hasMessageContaining("Input/output error");
        }
        assertThat(trace).syscall("fsync").wasInjected().failedWith(Errno.EIO).once();
    }

    @OnEveryGlibc
    @InjectSyscallFault(syscall = "write", shorten = "1", fdPath = "*.part")
    void shortWritesStillMakeAWholeCopy(SyscallTrace trace) throws IOException {
        byte[] bytes = new byte[2_000];
        new Random(7).nextBytes(bytes);
        Path source = Files.write(dir.resolve("source.bin"), bytes);

        assertThat(FileCopier.copy(source, dir.resolve("copy.bin"))).isEqualTo(2_000);

        assertThat(dir.resolve("copy.bin")).hasBinaryContent(bytes);
        // Every write of more than one byte was shortened to one; the last, of one byte, ran as written.
        assertThat(trace).syscall("write").wasInjected().withResult(1).times(1_999);
    }
}
