// In a static or Go program run by sysfault-exec, a caught syscall site is rewritten to the fast path once, and its calls keep meeting the rules and the trace.
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
 * CaughtSiteRewriteTest's loop, in programs that no C library's loader starts: {@code raw_site_loop} built with
 * {@code gcc -static}, and {@code getppid_loop} in Go (src/test/go), whose raw getppid calls all come from the Go
 * runtime's one syscall instruction, on several OS threads that the runtime made by raw clone. Each program says
 * what its syscall instruction is after the loop: {@code jump} (rewritten to a 2-byte jump to padding, then the
 * trampoline) or {@code syscall}. A site that jumps reaches the dispatcher only through its trampoline, so every
 * call after the first that still meets the rule, and every call in the trace, went the fast path.
 */
class CaughtSiteRewriteWithoutGlibcTest {

    private static final String REWRITTEN = "caught by Syscall User Dispatch, rewritten to jump to its trampoline";

    @TempDir
    Path dir;

    /** EPERM from the third getppid of the process on: the program's own first call (its ppid) and the loop's first pass. */
    private Path epermFromTheThirdCall() throws IOException {
        Path file = dir.resolve("getppid.rules");
        RuleTable.compile(List.of(Fault.on("getppid").fail(Errno.EPERM).whenFrom(3))).write(file);
        return file;
    }

    private Path eperm() throws IOException {
        Path file = dir.resolve("getppid.rules");
        RuleTable.compile(List.of(Fault.on("getppid").fail(Errno.EPERM))).write(file);
        return file;
    }

    private static ProgramRun run(String program, String... args) {
        return ProgramRun.of(Stream.concat(Stream.of(NativeBuild.loader().toString(),
                NativeBuild.dir().resolve("test").resolve(program).toString()), Stream.of(args)).toList());
    }

    private static ProgramRun.Result succeeded(ProgramRun.Result run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run;
    }

    private static long rewrites(ProgramRun.Result run, String program) {
        return run.stderr().lines().filter(l -> l.startsWith("sysfault: " + program + "+0x") && l.contains(REWRITTEN))
                .count();
    }

    private List<SyscallEvent> getppidEvents(Path trace) throws IOException {
        return SyscallTrace.open(trace).events().stream().filter(e -> e.name().equals("getppid")).toList();
    }

    @Test
    void aStaticProgramsLoopPaysTheSignalOnceAndItsLaterCallsStillMeetTheRuleAndTheTrace() throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(run("static/raw_site_loop", "near", "1000").in(dir)
                .env("SYSFAULT_RULES", epermFromTheThirdCall().toString()).env("SYSFAULT_TRACE", trace.toString())
                .env("SYSFAULT_DEBUG", "1").run());

        assertThat(run.stdout()).as(run.describe())
                .isEqualTo("near: 1000 calls, 1 ok, 999 failed with errno 1; site: jump\n");
        assertThat(rewrites(run, "raw_site_loop")).as(run.describe()).isPositive();
        assertThat(getppidEvents(trace)).as("glibc's getppid (the real ppid), the call that was caught, 999 more")
                .hasSize(1 + 1000).filteredOn(SyscallEvent::injected).hasSize(999);
    }

    @Test
    void withTheRewriteOffEveryCallOfAStaticProgramIsCaughtAtItsSite() throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(run("static/raw_site_loop", "near", "1000").in(dir)
                .env("SYSFAULT_TRACE", trace.toString()).env("SYSFAULT_DEBUG", "1").env("SYSFAULT_SUD_REWRITE", "0")
                .run());

        assertThat(run.stdout()).isEqualTo("near: 1000 calls, 1000 ok, 0 failed with errno 0; site: syscall\n");
        assertThat(rewrites(run, "raw_site_loop")).isZero();
        assertThat(getppidEvents(trace)).hasSize(1 + 1000);
    }

    @Test
    void aStaticProgramsThreadsRunningTheSiteWhileItIsRewrittenLoseNoCall() throws IOException {
        ProgramRun.Result run = succeeded(run("static/raw_site_loop", "threads", "2000", "8").in(dir)
                .env("SYSFAULT_RULES", eperm().toString()).run());

        assertThat(run.stdout()).as(run.describe())
                .isEqualTo("threads: 16000 calls, 0 ok, 16000 failed with errno 1; site: jump\n");
    }

    @Test
    void aStaticProgramsForkChildKeepsTheRewrittenSite() throws IOException {
        ProgramRun.Result run = succeeded(run("static/raw_site_loop", "fork", "100").in(dir)
                .env("SYSFAULT_RULES", eperm().toString()).run());

        assertThat(run.stdout()).as(run.describe()).isEqualTo("""
                before fork: 100 calls, 0 ok, 100 failed with errno 1; site: jump
                child: 100 calls, 0 ok, 100 failed with errno 1; site: jump
                parent: 100 calls, 0 ok, 100 failed with errno 1; site: jump
                """);
    }

    /**
     * A generic wrapper's site, rewritten by a getppid, then used for a raw clone onto a new stack: the clone must
     * still be made by the loader (exec/trampoline_entry.S sends it back to be caught), so that the new thread has
     * per-thread state of its own. Otherwise it would share its parent's, and the parent's next call would be
     * recorded with the thread's id.
     */
    @Test
    void aThreadCloneFromARewrittenSiteGetsItsOwnStateAndMeetsTheRule() throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(run("static/clone_through_site").in(dir)
                .env("SYSFAULT_RULES", eperm().toString()).env("SYSFAULT_TRACE", trace.toString()).run());

        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).as(run.describe()).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("parent: errno 1, child: errno 1, parent again: errno 1; site: jump");
        long childTid = Long.parseLong(lines.get(1).replace("child tid: ", ""));
        List<SyscallEvent> events = getppidEvents(trace);
        assertThat(events).as("glibc's getppid, the parent's, the thread's, the parent's again").hasSize(4)
                .allMatch(SyscallEvent::injected);
        long pid = events.get(0).pid();
        assertThat(events).extracting(SyscallEvent::tid).containsExactly((int) pid, (int) pid, (int) childTid, (int) pid);
    }

    /**
     * A goroutine's stack may end a few hundred bytes below a Go syscall: a rewritten site's call meets the
     * dispatcher on a stack of the thread's own, so a program whose calls run with 512 bytes left above a guard
     * page still has every call faulted and traced, and does not crash.
     */
    @Test
    void callsFromARewrittenSiteWithLittleStackLeftAreDispatchedOnAStackOfTheirOwn() throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(run("static/small_stack_calls", "1000").in(dir)
                .env("SYSFAULT_RULES", eperm().toString()).env("SYSFAULT_TRACE", trace.toString()).run());

        assertThat(run.stdout()).as(run.describe())
                .isEqualTo("small stack: 1001 calls, 0 ok, 1001 failed with errno 1; site: jump\n");
        assertThat(getppidEvents(trace)).hasSize(1 + 1001).allMatch(SyscallEvent::injected);
    }

    /**
     * A program's signal handler that arrives during a dispatched call runs on that call's stack. One that fits
     * returns as it would anywhere; one that outgrows it meets the guard page below it: SIGSEGV, as an overflow of
     * any stack, and not a write over the thread's own state (which made the process die later of SIGSYS instead).
     */
    @Test
    void aSignalHandlerThatOutgrowsTheDispatchStackFaultsOnItsGuardPage() {
        ProgramRun.Result fits = succeeded(run("static/deep_handler_on_dispatch_stack", "8").in(dir).run());
        assertThat(fits.stdout()).as(fits.describe()).isEqualTo("deep handler returned\nsurvived\n");

        ProgramRun.Result outgrows = run("static/deep_handler_on_dispatch_stack", "96").in(dir).run();
        assertThat(outgrows.exitCode()).as(outgrows.describe()).isEqualTo(128 + 11);
        assertThat(outgrows.stdout()).as(outgrows.describe()).isEmpty();
    }

    /** Stripped, a static program has neither an unwind table nor symbols: no function bounds, so no padding. */
    @Test
    void aStrippedStaticProgramKeepsEveryCallOnTheSignalPathAndDebugSaysWhy() throws IOException {
        ProgramRun.Result run = succeeded(run("static/raw_site_loop_stripped", "near", "300").in(dir)
                .env("SYSFAULT_RULES", eperm().toString()).env("SYSFAULT_DEBUG", "1").run());

        assertThat(run.stdout()).as(run.describe())
                .isEqualTo("near: 300 calls, 0 ok, 300 failed with errno 1; site: syscall\n");
        assertThat(run.stderr()).as(run.describe()).contains("sysfault: raw_site_loop_stripped: none of its syscall "
                + "sites can be rewritten to the fast path (none has padding between functions in reach, or its "
                + "symbols are stripped): each of its calls pays the signal");
        assertThat(rewrites(run, "raw_site_loop_stripped")).isZero();
    }

    @Test
    void aGoProgramsSyscallIsRewrittenAndEveryCallOnEveryThreadStillMeetsTheRuleAndTheTrace() throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(run("go/getppid_loop", "500", "8").in(dir)
                .env("SYSFAULT_RULES", epermFromTheThirdCall().toString()).env("SYSFAULT_TRACE", trace.toString())
                .env("SYSFAULT_DEBUG", "1").run());

        assertThat(run.stdout()).as(run.describe())
                .isEqualTo("8 threads, 4000 calls, 1 ok, 3999 failed with errno 1; site: jump\n");
        assertThat(rewrites(run, "getppid_loop")).as(run.describe()).isPositive();
        assertThat(getppidEvents(trace)).as("os.Getppid, then the loops' calls")
                .hasSize(1 + 4000).filteredOn(SyscallEvent::injected).hasSize(3999);
    }

    @Test
    void withTheRewriteOffAGoProgramsCallsAreCaughtOnEveryThread() throws IOException {
        ProgramRun.Result run = succeeded(run("go/getppid_loop", "500", "8").in(dir)
                .env("SYSFAULT_RULES", eperm().toString()).env("SYSFAULT_SUD_REWRITE", "0").run());

        assertThat(run.stdout()).as(run.describe())
                .isEqualTo("8 threads, 4000 calls, 0 ok, 4000 failed with errno 1; site: syscall\n");
    }
}
