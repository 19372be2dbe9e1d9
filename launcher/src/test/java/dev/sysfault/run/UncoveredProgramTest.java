// A program that LD_PRELOAD cannot reach (static, another C library): sysfault says so, and SYSFAULT_STRICT=1 refuses to run it.
package dev.sysfault.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.testsupport.NativeBuild;
import org.junit.jupiter.api.Test;

/**
 * {@code static/trace_getppid} is trace_getppid linked with {@code -static} (interceptor-native's test.mk): no
 * dynamic loader runs in it, so libsysfault.so never does. Before, it ran under faults as if nothing had been
 * asked, and said nothing.
 */
class UncoveredProgramTest {

    private static final String STATIC_PROGRAM = NativeBuild.dir().resolve("test/static/trace_getppid").toString();

    @Test
    void aStaticProgramRunsAndStderrSaysOnceThatNothingOfItIsFaulted() {
        try (ProcessResult r = SyscallFaults.command(STATIC_PROGRAM, "3").library(NativeBuild.library()).run()) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).isEqualTo("getppid 3\n");
            assertThat(r.stderr()).as(r.toString()).isEqualTo("sysfault: " + STATIC_PROGRAM + " is statically linked:"
                    + " LD_PRELOAD cannot load libsysfault.so into it, so none of its system calls is faulted or"
                    + " traced (SYSFAULT_STRICT=1 refuses to run it)\n");
        }
    }

    @Test
    void strictlyItDoesNotRunAndExitsWith86() {
        try (ProcessResult r = SyscallFaults.command(STATIC_PROGRAM, "3").library(NativeBuild.library())
                .env("SYSFAULT_STRICT", "1").run()) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(86);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr()).contains("is statically linked").contains("SYSFAULT_STRICT=1: not running it");
        }
    }

    /** The library makes the same check at each execve of a covered program (hook/exec_check.c). */
    @Test
    void aStaticProgramThatACoveredShellStartsIsMentionedAndStrictlyNotRun() {
        try (ProcessResult r = SyscallFaults.command("sh", "-c", STATIC_PROGRAM + " 3; echo status $?")
                .library(NativeBuild.library()).run()) {
            assertThat(r.stdout()).as(r.toString()).isEqualTo("getppid 3\nstatus 0\n");
            assertThat(r.stderr()).isEqualTo("sysfault: " + STATIC_PROGRAM + " is statically linked: LD_PRELOAD cannot"
                    + " load libsysfault.so into it, so none of its system calls is faulted or traced"
                    + " (SYSFAULT_STRICT=1 refuses to run it)\n");
        }
        try (ProcessResult r = SyscallFaults.command("sh", "-c", STATIC_PROGRAM + " 3; echo status $?")
                .library(NativeBuild.library()).env("SYSFAULT_STRICT", "1").run()) {
            assertThat(r.stdout()).as(r.toString()).isEqualTo("status 86\n");
            assertThat(r.stderr()).contains("is statically linked").contains("SYSFAULT_STRICT=1: not running it");
        }
    }

    /** trace_getppid linked against musl (test.mk, musl-gcc): strictly never run, so no musl loader is needed. */
    @Test
    void aMuslProgramIsMentionedAndStrictlyNotRun() {
        String musl = NativeBuild.dir().resolve("test/musl/trace_getppid").toString();
        try (ProcessResult r = SyscallFaults.command(musl, "3").library(NativeBuild.library())
                .env("SYSFAULT_STRICT", "1").run()) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(86);
            assertThat(r.stderr()).isEqualTo("sysfault: " + musl + " is linked against another C library than glibc"
                    + " (its dynamic loader is not ld-linux-x86-64.so.2): LD_PRELOAD cannot load libsysfault.so into"
                    + " it, so none of its system calls is faulted or traced; SYSFAULT_STRICT=1: not running it (exit"
                    + " status 86)\n");
        }
    }

    /**
     * trace_getppid in Go (test.mk, golang-go): the Go runtime makes its own system calls and no dynamic loader
     * runs, so it is said to be uncovered as a static program is; it runs, unfaulted, or strictly not at all.
     */
    @Test
    void aGoProgramIsMentionedAndStrictlyNotRun() {
        String go = NativeBuild.dir().resolve("test/go/trace_getppid").toString();
        String uncovered = "sysfault: " + go + " is statically linked: LD_PRELOAD cannot load libsysfault.so into it,"
                + " so none of its system calls is faulted or traced";
        try (ProcessResult r = SyscallFaults.command(go, "3").library(NativeBuild.library()).run()) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).isEqualTo("getppid 3\n");
            assertThat(r.stderr()).isEqualTo(uncovered + " (SYSFAULT_STRICT=1 refuses to run it)\n");
        }
        try (ProcessResult r = SyscallFaults.command(go, "3").library(NativeBuild.library())
                .env("SYSFAULT_STRICT", "1").run()) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(86);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr()).startsWith(uncovered).contains("SYSFAULT_STRICT=1: not running it");
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
