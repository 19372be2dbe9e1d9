// A raw syscall site that Syscall User Dispatch catches is rewritten to the fast path once, and its calls keep meeting the rules and the trace.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code raw_site_loop} (src/test/c/progs) calls getppid in a loop from one syscall instruction of its own,
 * and says what each call returned and what the instruction's first byte is afterwards: {@code jump}
 * (rewritten to a 2-byte jump to padding, then the trampoline) or {@code syscall}. A site that jumps can
 * reach the dispatcher only through its trampoline, so every call that still fails with the rule's errno,
 * or is in the trace, went the fast path after the first.
 */
class CaughtSiteRewriteTest {

    private static final String REWRITTEN = "caught by Syscall User Dispatch, rewritten to jump to its trampoline";

    @TempDir
    Path dir;

    private Path eperm() throws IOException {
        Path file = dir.resolve("getppid.rules");
        RuleTable.compile(List.of(Fault.on("getppid").fail(Errno.EPERM))).write(file);
        return file;
    }

    private static ProgramRun run(String... args) {
        return ProgramRun.of(Stream.concat(Stream.of(NativeBuild.program("raw_site_loop").toString()), Stream.of(args))
                .toList()).preload(NativeBuild.preload());
    }

    private static ProgramRun.Result succeeded(ProgramRun.Result run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run;
    }

    private static long rewrites(ProgramRun.Result run) {
        return run.stderr().lines().filter(l -> l.contains(REWRITTEN)).count();
    }

    private List<SyscallEvent> getppidEvents(Path trace) throws IOException {
        return SyscallTrace.open(trace).events().stream().filter(e -> e.name().equals("getppid")).toList();
    }

    @Test
    void aLoopOfRawCallsPaysTheSignalOnceThenRunsThroughTheTrampolineAndEveryCallIsTraced() throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(run("near", "1000").in(dir).env("SYSFAULT_TRACE", trace.toString())
                .env("SYSFAULT_DEBUG", "1").run());

        assertThat(run.stdout()).isEqualTo("near: 1000 calls, 1000 ok, 0 failed with errno 0; site: jump\n");
        assertThat(rewrites(run)).as(run.describe()).isEqualTo(1);
        assertThat(run.stderr()).contains("raw_site_loop+0x");
        assertThat(getppidEvents(trace)).as("glibc's getppid (the real ppid), the call that was caught, 999 more")
                .hasSize(1 + 1000);
    }

    @Test
    void withTheRewriteOffEveryCallIsCaughtAtTheSameSite() throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(run("near", "1000").in(dir).env("SYSFAULT_TRACE", trace.toString())
                .env("SYSFAULT_DEBUG", "1").env("SYSFAULT_SUD_REWRITE", "0").run());

        assertThat(run.stdout()).isEqualTo("near: 1000 calls, 1000 ok, 0 failed with errno 0; site: syscall\n");
        assertThat(rewrites(run)).isZero();
        assertThat(getppidEvents(trace)).hasSize(1 + 1000);
    }

    @Test
    void aRuleFailsEveryCallOfTheRewrittenSiteAsBeforeAndTheTraceSaysSo() throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(run("near", "500").in(dir).env("SYSFAULT_RULES", eperm().toString())
                .env("SYSFAULT_TRACE", trace.toString()).run());

        assertThat(run.stdout()).isEqualTo("near: 500 calls, 0 ok, 500 failed with errno 1; site: jump\n");
        assertThat(getppidEvents(trace)).hasSize(1 + 500).allMatch(SyscallEvent::injected);
    }

    @Test
    void manyThreadsRunningTheSiteWhileItIsRewrittenLoseNoCall() throws IOException {
        ProgramRun.Result run = succeeded(run("threads", "5000", "16").in(dir)
                .env("SYSFAULT_RULES", eperm().toString()).env("SYSFAULT_DEBUG", "1").run());

        assertThat(run.stdout()).isEqualTo("threads: 80000 calls, 0 ok, 80000 failed with errno 1; site: jump\n");
        assertThat(rewrites(run)).as("one thread rewrites it; the others' calls go through the handler meanwhile")
                .isEqualTo(1);
    }

    @Test
    void aForkChildKeepsTheRewrittenSite() throws IOException {
        ProgramRun.Result run = succeeded(run("fork", "100").in(dir).env("SYSFAULT_RULES", eperm().toString()).run());

        assertThat(run.stdout()).isEqualTo("""
                before fork: 100 calls, 0 ok, 100 failed with errno 1; site: jump
                child: 100 calls, 0 ok, 100 failed with errno 1; site: jump
                parent: 100 calls, 0 ok, 100 failed with errno 1; site: jump
                """);
    }

    @Test
    void aSiteWithNoPaddingInReachKeepsWorkingThroughTheSignal() throws IOException {
        ProgramRun.Result run = succeeded(run("far", "300").in(dir).env("SYSFAULT_RULES", eperm().toString())
                .env("SYSFAULT_DEBUG", "1").run());

        assertThat(run.stdout()).isEqualTo("far: 300 calls, 0 ok, 300 failed with errno 1; site: syscall\n");
        assertThat(rewrites(run)).isZero();
    }

    /**
     * A sandbox the program puts around its own calls (here: membarrier kills the process) may forbid the calls
     * a rewrite makes, so once the program installs a filter, sites keep the signal path and the program lives.
     */
    @Test
    void noSiteIsRewrittenAfterTheProgramInstallsASeccompFilterOfItsOwn() throws IOException {
        ProgramRun.Result run = succeeded(run("seccomp", "200").in(dir).env("SYSFAULT_RULES", eperm().toString()).run());

        assertThat(run.stdout()).isEqualTo("near: 200 calls, 0 ok, 200 failed with errno 1; site: syscall\n");
    }
}
