// The copier still makes an identical copy when writes come back short or interrupted, and none when the disk fills.
package dev.sysfault.samples.copy;

import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.junit.InjectSyscallFault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCopierTest {

    @TempDir
    Path dir;

    @Test
    void copiesAFileLargerThanItsBuffer() throws IOException {
        Path source = file("source.bin", 200_000);

        assertThat(FileCopier.copy(source, dir.resolve("copy.bin"))).isEqualTo(200_000);

        assertThat(dir.resolve("copy.bin")).hasSameBinaryContentAs(source);
    }

    @Test
    void replacesAnExistingCopy() throws IOException {
        Path source = file("source.bin", 10_000);
        Files.writeString(dir.resolve("copy.bin"), "yesterday's copy");

        FileCopier.copy(source, dir.resolve("copy.bin"));

        assertThat(dir.resolve("copy.bin")).hasSameBinaryContentAs(source);
        assertThat(dir.resolve("copy.bin.part")).doesNotExist();
    }

    @Test
    @InjectSyscallFault(syscall = "write", shorten = "1", fdPath = "*.part")
    void writesThatTakeOneByteAtATimeStillMakeAWholeCopy(SyscallTrace trace) throws IOException {
        Path source = file("source.bin", 3_000);

        assertThat(FileCopier.copy(source, dir.resolve("copy.bin"))).isEqualTo(3_000);

        assertThat(dir.resolve("copy.bin")).hasSameBinaryContentAs(source);
        // Every write of more than one byte was shortened to one; the last, of one byte, ran as written.
        assertThat(trace).syscall("write").wasInjected().withResult(1).times(2_999);
        assertThat(trace).syscall("write").withFdPath("**/*.part").withResult(1).times(3_000);
    }

    @Test
    @InjectSyscallFault(syscall = "write", shorten = "50%", fdPath = "*.part")
    void writesThatTakeHalfOfWhatTheyAreGivenStillMakeAWholeCopy(SyscallTrace trace) throws IOException {
        Path source = file("source.bin", 200_000);

        FileCopier.copy(source, dir.resolve("copy.bin"));

        assertThat(dir.resolve("copy.bin")).hasSameBinaryContentAs(source);
        assertThat(trace).syscall("write").wasInjected().atLeast(2);
    }

    @Test
    @InjectSyscallFault(syscall = "write", errno = "EINTR", fdPath = "*.part", times = 3)
    void interruptedWritesAreRepeated(SyscallTrace trace) throws IOException {
        Path source = file("source.bin", 200_000);

        FileCopier.copy(source, dir.resolve("copy.bin"));

        assertThat(dir.resolve("copy.bin")).hasSameBinaryContentAs(source);
        assertThat(trace).syscall("write").failedWith(Errno.EINTR).times(3);
    }

    @Test
    @InjectSyscallFault(syscall = "read", errno = "EINTR", fdPath = "source.bin", when = "1..2")
    void interruptedReadsAreRepeated(SyscallTrace trace) throws IOException {
        Path source = file("source.bin", 200_000);

        FileCopier.copy(source, dir.resolve("copy.bin"));

        assertThat(dir.resolve("copy.bin")).hasSameBinaryContentAs(source);
        assertThat(trace).syscall("read").wasInjected().failedWith(Errno.EINTR).times(2);
    }

    @Test
    @InjectSyscallFault(syscall = "write", errno = "ENOSPC", fdPath = "*.part", when = "2")
    void aFullDiskLeavesTheOldCopyAndNoPartialFile(SyscallTrace trace) throws IOException {
        Path source = file("source.bin", 200_000);
        Files.writeString(dir.resolve("copy.bin"), "yesterday's copy");

        assertThatThrownBy(() -> FileCopier.copy(source, dir.resolve("copy.bin")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device");

        assertThat(dir.resolve("copy.bin")).hasContent("yesterday's copy");
        assertThat(dir.resolve("copy.bin.part")).doesNotExist();
        assertThat(trace).syscall("write").failedWith(Errno.ENOSPC).once();
        assertThat(trace).syscall("rename", "renameat", "renameat2").never();
    }

    private Path file(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }
}
