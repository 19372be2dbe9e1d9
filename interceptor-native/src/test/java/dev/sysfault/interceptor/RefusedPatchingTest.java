// When glibc cannot be patched: the program still runs, unhooked, and says so; SYSFAULT_STRICT=1 stops it instead.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seccomp_deny text-writes} runs a program under a seccomp filter that refuses to make memory
 * writable, so the interceptor's patching fails the way it would in a locked-down sandbox. The
 * cache is off, so that a stored image (which needs no writable text) cannot hide the failure.
 */
class RefusedPatchingTest {

    private static final String REFUSED = "sysfault: libc.so.6: cannot write to its text (mprotect: errno 1); not patched\n";

    @TempDir
    Path listed;

    @BeforeEach
    void fillListedDirectory() throws IOException {
        Files.writeString(listed.resolve("only-file"), "x");
    }

    private ProgramRun lsWhereTextCannotBeWritten() {
        return ProgramRun.of(NativeBuild.program("seccomp_deny").toString(), "text-writes", "ls").in(listed)
                .env("SYSFAULT_CACHE_DIR", "").preload(NativeBuild.preload("getdents_enotsup"));
    }

    @Test
    void theProgramRunsUnhookedAndTheReasonIsReportedOnce() {
        ProgramRun.Result result = lsWhereTextCannotBeWritten().run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).isEqualTo("only-file\n");
        assertThat(result.stderr()).as(result.describe()).isEqualTo(REFUSED);
    }

    @Test
    void strictModeExitsWithItsOwnStatusBeforeTheProgramRuns() {
        ProgramRun.Result result = lsWhereTextCannotBeWritten().env("SYSFAULT_STRICT", "1").run();

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(86);
        assertThat(result.stdout()).as(result.describe()).isEmpty();
        assertThat(result.stderr()).as(result.describe()).isEqualTo(REFUSED
                + "sysfault: SYSFAULT_STRICT=1 and not every syscall could be patched; exiting with status 86\n");
    }

    @Test
    void strictModeIsSilentWhenEverySiteIsPatched() {
        ProgramRun.Result result = ProgramRun.of("ls").in(listed).env("SYSFAULT_STRICT", "1")
                .env("SYSFAULT_CACHE_DIR", "").preload(NativeBuild.preload("getdents_enotsup")).run();

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.stderr()).as(result.describe())
                .isEqualTo("ls: reading directory '.': Operation not supported\n");
    }
}
