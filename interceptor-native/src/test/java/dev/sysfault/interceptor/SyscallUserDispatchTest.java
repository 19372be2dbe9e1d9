// Syscall User Dispatch: raw syscall instructions outside glibc meet the same rules and trace, and the program notices nothing else.
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code raw_syscalls} (src/test/c/progs) makes getppid from a syscall instruction of its own, which no
 * patched glibc site sees, in the situations a mode names, and prints "getppid: ok" (the real ppid) or
 * "getppid: errno N". Under {@code getppid:error=EPERM} every one of them must fail, as under strace; with no
 * rule, the output must be the program's own.
 */
class SyscallUserDispatchTest {

    @TempDir
    Path dir;

    private Path table(Fault... faults) throws IOException {
        Path file = dir.resolve("test.rules");
        RuleTable.compile(List.of(faults)).write(file);
        return file;
    }

    private static ProgramRun program(String mode) {
        return ProgramRun.of(NativeBuild.program("raw_syscalls").toString(), mode);
    }

    private ProgramRun.Result under(Path rules, String mode) {
        return program(mode).in(dir).env("SYSFAULT_RULES", rules.toString()).preload(NativeBuild.preload()).run();
    }

    private static ProgramRun.Result succeeded(ProgramRun.Result run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stderr()).as(run.describe()).isEmpty();
        return run;
    }

    @ParameterizedTest
    @ValueSource(strings = {"own", "fork", "vfork-exec", "thread", "raw-clone", "sigsys", "blocked", "altstack", "loader",
        "chdir"})
    void withoutRulesTheProgramPrintsWhatItPrintsAlone(String mode) {
        ProgramRun.Result alone = succeeded(program(mode).run());
        ProgramRun.Result preloaded = succeeded(program(mode).in(dir).preload(NativeBuild.preload()).run());

        assertThat(preloaded.stdout()).as(preloaded.describe()).isEqualTo(alone.stdout()).doesNotContain("errno");
    }

    @Test
    void aRawSyscallInTheProgramsOwnCodeIsFaultedAndTraced() throws IOException {
        Path rules = table(Fault.on("getppid").fail(Errno.EPERM));
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(program("own").in(dir).env("SYSFAULT_RULES", rules.toString())
                .env("SYSFAULT_TRACE", trace.toString()).preload(NativeBuild.preload()).run());

        assertThat(run.stdout()).isEqualTo("own code getppid: errno 1\n");
        List<SyscallEvent> getppid = SyscallTrace.open(trace).events().stream()
                .filter(e -> e.name().equals("getppid")).toList();
        assertThat(getppid).as("glibc's getppid, then the program's own").hasSize(2).allMatch(SyscallEvent::injected);
    }

    /** strace's inject-nf: the injected value comes back whole, whatever its size. */
    @ParameterizedTest
    @ValueSource(strings = {"0x0", "0x7fffffff", "0xfffff000", "0x100000000", "0xfffffffffffff000", "0xffffffffffffffff"})
    void aRetvalOfAnySizeReachesARawSyscall(String value) throws IOException {
        Path rules = table(Fault.parse("geteuid:retval=" + value));

        assertThat(succeeded(under(rules, "geteuid")).stdout()).isEqualTo("geteuid = " + (value.equals("0x0") ? "0" : value) + "\n");
    }

    /** strace's qual_inject-signal and qual_inject-error-signal, on a raw chdir. */
    @Test
    void aSignalInjectedIntoARawSyscallReachesTheProgramsHandler() throws IOException {
        assertThat(succeeded(under(table(Fault.parse("chdir:signal=USR1")), "chdir")).stdout())
                .isEqualTo("chdir = 0, SIGUSR1 handled 1\n");
        assertThat(succeeded(under(table(Fault.parse("chdir:error=ENOENT:signal=USR1")), "chdir")).stdout())
                .isEqualTo("chdir = -2, SIGUSR1 handled 1\n");
    }

    @Test
    void theDynamicLoadersOwnCallsAfterStartUpAreSeen() throws IOException {
        Path rules = table(Fault.on("openat").fail(Errno.EACCES));
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(program("loader").in(dir).env("SYSFAULT_RULES", rules.toString())
                .env("SYSFAULT_TRACE", trace.toString()).preload(NativeBuild.preload()).run());

        assertThat(run.stdout()).as("dlopen's error comes from the injected EACCES").isEqualTo("dlopen: EACCES\n");
        assertThat(SyscallTrace.open(trace).events()).as("ld.so's openat, not glibc's")
                .anyMatch(e -> e.name().equals("openat") && e.injected()
                        && e.path().orElse("").equals("/nonexistent/raw_syscalls_lib.so"));
    }

    @Test
    void coverageHoldsAcrossForkVforkExecAndNewThreads() throws IOException {
        Path rules = table(Fault.on("getppid").fail(Errno.EPERM));

        assertThat(succeeded(under(rules, "fork")).stdout())
                .isEqualTo("fork child getppid: errno 1\nparent getppid: errno 1\n");
        assertThat(succeeded(under(rules, "vfork-exec")).stdout()).as("the exec'd program is covered again")
                .isEqualTo("own code getppid: errno 1\nparent getppid: errno 1\n");
        assertThat(succeeded(under(rules, "thread")).stdout()).isEqualTo("thread getppid: errno 1\n");
        assertThat(succeeded(under(rules, "raw-clone")).stdout())
                .as("a raw clone onto a new stack runs at its own site, unseen; the parent is covered again")
                .isEqualTo("raw clone child ran: yes\nparent getppid: errno 1\n");
    }

    @Test
    void theProgramsOwnSigsysHandlerGetsItsSignalsFromKillAndFromItsSeccompFilter() throws IOException {
        Path rules = table(Fault.on("getppid").fail(Errno.EPERM));

        assertThat(succeeded(under(rules, "sigsys")).stdout()).isEqualTo("""
                sigaction reads back the program's handler: yes
                SIGSYS by kill, handled: 1
                SIGSYS by seccomp, handled: 1, getpid answered 4242
                after getppid: errno 1
                """);
    }

    @Test
    void blockedSignalsAlternateStacksAndHandlersThatMakeSyscalls() throws IOException {
        Path rules = table(Fault.on("getppid").fail(Errno.EPERM));

        assertThat(succeeded(under(rules, "blocked")).stdout()).as("SIGSYS blocked would have killed it")
                .isEqualTo("all blocked getppid: errno 1\n");
        assertThat(succeeded(under(rules, "altstack")).stdout()).isEqualTo("""
                handler ran on the alternate stack: yes
                handler getppid: errno 1
                alternate stack still set: yes
                """);
    }

    /**
     * sysfault reads and writes the signal calls' arguments itself under SUD (sud_signals.c): an unmapped one
     * gets EFAULT as from the kernel, through glibc's syscall() and from the program's own instruction alike.
     */
    @Test
    void signalCallsGivenAnUnmappedPointerGetEfaultNotACrash() {
        ProgramRun program = ProgramRun.of(NativeBuild.program("signal_bad_pointers").toString());
        ProgramRun.Result alone = succeeded(program.run());
        ProgramRun.Result preloaded = succeeded(program.in(dir).env("SYSFAULT_SUD", "1").preload(NativeBuild.preload()).run());

        assertThat(alone.stdout()).contains("raw rt_sigprocmask(SIG_BLOCK, bad, NULL) = -14");
        assertThat(preloaded.stdout()).as(preloaded.describe()).isEqualTo(alone.stdout());
    }
}
