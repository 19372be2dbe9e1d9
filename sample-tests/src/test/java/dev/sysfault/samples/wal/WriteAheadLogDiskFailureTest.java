// The log when the disk fails: a failed fsync breaks it for good, a full disk leaves no torn record behind.
package dev.sysfault.samples.wal;

import static dev.sysfault.junit.SyscallSelection.syscall;
import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.junit.InjectSyscallFault;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogDiskFailureTest {

    @TempDir
    Path dir;

    @Test
    @InjectSyscallFault(syscall = "fsync", errno = "EIO", fdPath = "**/wal.log")
    void aFailedCommitIsReportedAndNeverRetried(SyscallTrace trace) throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir)) {
            wal.append("debit alice 100".getBytes(UTF_8));

            assertThatThrownBy(wal::commit)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("commit failed")
                    .hasMessageContaining("Input/output error");
            assertThatThrownBy(wal::commit)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("reopen it");
            assertThatThrownBy(() -> wal.append("credit bob 100".getBytes(UTF_8)))
                    .isInstanceOf(IllegalStateException.class);
        }

        // One fsync of the log, failed; the directory's own fsync (at creation) went through.
        assertThat(trace).syscall("fsync").wasInjected().failedWith(Errno.EIO).once();
        assertThat(trace).syscall("fsync").notInjected().succeeded().once();
    }

    @Test
    @InjectSyscallFault(syscall = "write", errno = "ENOSPC", fdPath = "**/wal.log", when = "6")
    void aFullDiskFailsTheAppendAndLeavesNoTornRecord(SyscallTrace trace) throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir)) {
            wal.append("one".getBytes(UTF_8));   // writes 1 and 2: header, payload
            wal.append("two".getBytes(UTF_8));   // writes 3 and 4
            wal.commit();

            // Write 5, the header, reaches the file; write 6, the payload, finds the disk full.
            assertThatThrownBy(() -> wal.append("three".getBytes(UTF_8)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("No space left on device");

            wal.append("four".getBytes(UTF_8));  // space came back: the log goes on
            wal.commit();
        }

        assertThat(records()).containsExactly("one", "two", "four");
        assertThat(trace).syscall("write").wasInjected().failedWith(Errno.ENOSPC).once();
        assertThat(trace).syscall("ftruncate").once()
                .happenedAfter(syscall("write").failedWith(Errno.ENOSPC));
    }

    @Test
    @InjectSyscallFault(syscall = "write", errno = "ENOSPC", fdPath = "**/wal.log", when = "3+")
    void aDiskThatStaysFullKeepsWhatWasCommitted(SyscallTrace trace) throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir)) {
            wal.append("one".getBytes(UTF_8));
            wal.commit();
            for (String record : List.of("two", "three", "four")) {
                assertThatThrownBy(() -> wal.append(record.getBytes(UTF_8)))
                        .hasMessageContaining("No space left on device");
            }
        }

        assertThat(records()).containsExactly("one");
        // Each append gave up at its header: nothing reached the file, so there was nothing to cut off.
        assertThat(trace).syscall("write").failedWith(Errno.ENOSPC).times(3);
        assertThat(trace).syscall("ftruncate").never();
    }

    private List<String> records() throws IOException {
        return WalRecords.readAll(dir).stream().map(r -> new String(r, UTF_8)).toList();
    }
}
