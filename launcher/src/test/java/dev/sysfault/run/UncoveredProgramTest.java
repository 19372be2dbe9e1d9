// A program that neither LD_PRELOAD nor sysfault-exec can reach (a 32-bit one): sysfault says so, and SYSFAULT_STRICT=1 refuses to run it.
package dev.sysfault.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.testsupport.NativeBuild;
import org.junit.jupiter.api.Test;

/**
 * {@code i386/print_ok} (interceptor-native's test.mk) prints "ok" through the 32-bit system call entry:
 * libsysfault.so is an x86-64 library and sysfault-exec maps x86-64 programs only. Static, musl and Go
 * programs are covered through sysfault-exec ({@link ProgramsWithoutGlibcRunTest}).
 */
class UncoveredProgramTest {

    private static final String PROGRAM = NativeBuild.dir().resolve("test/i386/print_ok").toString();

    @Test
    void aThirtyTwoBitProgramRunsAndStderrSaysOnceThatNothingOfItIsFaulted() {
        try (ProcessResult r = SyscallFaults.command(PROGRAM).library(NativeBuild.library()).run()) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).isEqualTo("ok\n");
            assertThat(r.stderr()).as(r.toString()).isEqualTo("sysfault: " + PROGRAM + " is not an x86-64 program:"
                    + " LD_PRELOAD cannot load libsysfault.so into it, so none of its system calls is faulted or"
                    + " traced (SYSFAULT_STRICT=1 refuses to run it)\n");
        }
    }

    @Test
    void strictlyItDoesNotRunAndExitsWith86() {
        try (ProcessResult r = SyscallFaults.command(PROGRAM).library(NativeBuild.library())
                .env("SYSFAULT_STRICT", "1").run()) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(86);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr()).contains("is not an x86-64 program").contains("SYSFAULT_STRICT=1: not running it");
        }
    }

    @Test
    void aDynamicProgramIsNotMentioned() {
        try (ProcessResult r = SyscallFaults.command(NativeBuild.program("trace_getppid").toString(), "3")
                .library(NativeBuild.library()).env("SYSFAULT_STRICT", "1").run()) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stderr()).isEmpty();
        }
    }
}
