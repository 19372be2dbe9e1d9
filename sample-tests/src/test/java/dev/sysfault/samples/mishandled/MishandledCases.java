// Fixtures: explorations of the wrong variants, each a class of its own; MishandledVariantsTest runs them.
package dev.sysfault.samples.mishandled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.explore.Mode;
import dev.sysfault.junit.ExploreSyscallFaults;
import dev.sysfault.junit.ExploredFault;
import dev.sysfault.junit.InjectSyscallFault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MishandledCases {

    private static final byte[] RECORD = "debit alice 100".getBytes(StandardCharsets.UTF_8);

    private MishandledCases() {
    }

    abstract static class InADirectory {
        @TempDir
        Path dir;
        Path file;

        @BeforeEach
        void aFile() throws IOException {
            file = Files.writeString(dir.resolve("app.properties"), "server.port=9090\n");
        }
    }

    static class SwallowedFsyncCases extends InADirectory {
        @ExploreSyscallFaults(syscalls = "fsync", fdPath = "wal.log", mode = Mode.ONCE, errnos = "EIO")
        void aCommitThatReturnsIsDurable(ExploredFault fault) throws IOException {
            if (fault.injected()) {
                assertThatThrownBy(() -> WrongVariants.commitSwallowingFsync(dir.resolve("wal.log"), RECORD))
                        .isInstanceOf(IOException.class);
            } else {
                assertThat(WrongVariants.commitSwallowingFsync(dir.resolve("wal.log"), RECORD)).isTrue();
            }
        }
    }

    static class LeakingCopyCases extends InADirectory {
        @ExploreSyscallFaults(syscalls = "write", fdPath = "copy.properties", mode = Mode.ONCE, errnos = "ENOSPC",
                expect = IOException.class)
        void copy() throws IOException {
            WrongVariants.copyLeakingOnFailedWrite(file, dir.resolve("copy.properties"));
        }
    }

    static class RetryingLoaderCases extends InADirectory {
        @ExploreSyscallFaults(syscalls = "read", fdPath = "app.properties", mode = Mode.FROM_THEN_ON, errnos = "EIO")
        void load() {
            assertThat(WrongVariants.loadRetryingForever(file)).containsEntry("server.port", "9090");
        }
    }

    static class HaltingLoaderCases extends InADirectory {
        @ExploreSyscallFaults(syscalls = "openat", path = "app.properties", mode = Mode.ONCE, errnos = "EACCES")
        void load() {
            assertThat(WrongVariants.loadHaltingOnFailedOpen(file)).containsEntry("server.port", "9090");
        }
    }

    /** The annotation SwallowedFsyncCases's failure ends with, pasted on a @Test. */
    static class SwallowedReproducedCases extends InADirectory {
        static final String SPEC = "fsync:error=EIO:when=1:fd_path=**/wal.log";

        @Test
        @InjectSyscallFault(spec = SPEC)
        void aCommitThatReturnsIsDurable() {
            assertThatThrownBy(() -> WrongVariants.commitSwallowingFsync(dir.resolve("wal.log"), RECORD))
                    .isInstanceOf(IOException.class);
        }
    }
}
