// Syscall User Dispatch costs every syscall of a thread under it, so a thread is put under it only once something consumes calls.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sud_state} (src/test/c/progs) prints whether its main thread is under SUD, as a debugger sees it
 * (PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG, Linux 6.2), then what a getppid from its own syscall instruction
 * returned. Under LD_PRELOAD alone nothing would use what SUD catches, and the kernel's slower entry for a
 * thread under it would cost every glibc call (the glibc rows of bench/run); rules, a trace, a hook or
 * SYSFAULT_SUD=1 put it under SUD, and the raw call meets them.
 */
class SudWhenWantedTest {

    @TempDir
    Path dir;

    private ProgramRun.Result run(ProgramRun program) {
        ProgramRun.Result run = program.in(dir).run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assumeThat(run.stdout()).as("this process may be asked about its SUD state (ptrace, Linux 6.2)")
                .doesNotContain("unknown");
        return run;
    }

    private static ProgramRun sudState() {
        return ProgramRun.of(NativeBuild.program("sud_state").toString()).preload(NativeBuild.preload());
    }

    private Path getppidFails() throws IOException {
        Path file = dir.resolve("getppid.rules");
        RuleTable.compile(List.of(Fault.on("getppid").fail(Errno.EPERM))).write(file);
        return file;
    }

    @Test
    void withNothingToConsumeCallsNoThreadIsUnderSud() {
        assertThat(run(sudState()).stdout()).isEqualTo("main thread under SUD: no\nraw getppid: ok\n");
    }

    @Test
    void sysfaultSud1PutsThreadsUnderSudAnyway() {
        assertThat(run(sudState().env("SYSFAULT_SUD", "1")).stdout())
                .isEqualTo("main thread under SUD: yes\nraw getppid: ok\n");
    }

    @Test
    void rulesAtStartUpPutTheThreadUnderSudAndReachItsRawCalls() throws IOException {
        assertThat(run(sudState().env("SYSFAULT_RULES", getppidFails().toString())).stdout())
                .isEqualTo("main thread under SUD: yes\nraw getppid: errno 1\n");
    }

    @Test
    void rulesLoadedLaterThroughTheControlApiReachRawCallsToo() throws IOException {
        ProgramRun program = ProgramRun.of(NativeBuild.program("sud_state").toString(), "load=" + getppidFails())
                .preload(NativeBuild.preload());
        assertThat(run(program).stdout()).isEqualTo("load = 0\nmain thread under SUD: yes\nraw getppid: errno 1\n");
    }

    @Test
    void aTraceAloneIsEnough() throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());
        assertThat(run(sudState().env("SYSFAULT_TRACE", trace.toString())).stdout())
                .isEqualTo("main thread under SUD: yes\nraw getppid: ok\n");
    }

    @Test
    void aHookOfTheProgramsSeesItsRawCalls() {
        ProgramRun program = ProgramRun.of(NativeBuild.program("sud_state").toString())
                .preload(NativeBuild.preload("getppid_enotsup"));
        assertThat(run(program).stdout()).isEqualTo("main thread under SUD: yes\nraw getppid: errno 95\n");
    }
}
