// A raw syscall site of a library that dlopen loads after start-up is planned then, rewritten to the fast path when first caught, and forgotten when dlclose unloads it.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.interceptor.programs.RawGetppidThroughJni;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlopen_site_loop} (src/test/c/progs) dlopens {@code libgetppid_padded.so} (src/test/c/libs), calls its raw
 * getppid in a loop and says what each call returned and what the syscall instruction's first byte is afterwards:
 * {@code jump} (rewritten into a 2-byte jump to padding, then the trampoline) or {@code syscall}. Before this, only
 * the objects loaded at start-up were planned: a dlopen'ed library's site stayed {@code syscall} and paid the signal
 * on every call.
 */
class DlopenSiteRewriteTest {

    private static final String REWRITTEN = "libgetppid_padded.so+0x";

    @TempDir
    Path dir;

    private Path rules(Fault fault) throws IOException {
        Path file = dir.resolve("getppid.rules");
        RuleTable.compile(List.of(fault)).write(file);
        return file;
    }

    private static ProgramRun run(String mode, int calls) {
        return ProgramRun.of(NativeBuild.program("dlopen_site_loop").toString(), mode, Integer.toString(calls))
                .preload(NativeBuild.preload());
    }

    private static ProgramRun.Result succeeded(ProgramRun.Result run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run;
    }

    private static long rewrites(ProgramRun.Result run) {
        return run.stderr().lines().filter(l -> l.contains(REWRITTEN) && l.contains("rewritten")).count();
    }

    private static List<SyscallEvent> getppidEvents(Path trace) throws IOException {
        return SyscallTrace.open(trace).events().stream().filter(e -> e.name().equals("getppid")).toList();
    }

    @Test
    void aDlopenedLibrarysSiteIsRewrittenAtItsFirstCatchAndEveryCallIsTraced() throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(run("loop", 1000).in(dir).env("SYSFAULT_TRACE", trace.toString())
                .env("SYSFAULT_DEBUG", "1").run());

        assertThat(run.stdout()).isEqualTo("padded: 1000 calls, 1000 ok, 0 failed with errno 0; site: jump\n");
        assertThat(run.stderr()).contains("libgetppid_padded.so: 1 syscall sites will be rewritten");
        assertThat(rewrites(run)).as(run.describe()).isEqualTo(1);
        assertThat(getppidEvents(trace)).as("glibc's getppid (the real ppid), the call that was caught, 999 more")
                .hasSize(1 + 1000);
    }

    /** Call 1 is the program's own getppid through glibc; the library's are calls 2 to 1001. */
    @Test
    void aRuleWithWhenCountsKeepsCountingEveryCallOfTheRewrittenSite() throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());
        Path rules = rules(Fault.on("getppid").fail(Errno.EPERM).when(3, 1001, 2));

        ProgramRun.Result run = succeeded(run("loop", 1000).in(dir).env("SYSFAULT_RULES", rules.toString())
                .env("SYSFAULT_TRACE", trace.toString()).run());

        assertThat(run.stdout()).isEqualTo("padded: 1000 calls, 500 ok, 500 failed with errno 1; site: jump\n");
        assertThat(getppidEvents(trace)).hasSize(1 + 1000);
        assertThat(getppidEvents(trace).stream().filter(SyscallEvent::injected)).hasSize(500);
    }

    @Test
    void aLibraryClosedAndOpenedAgainIsPlannedAgainAndItsSiteRewrittenAgain() throws IOException {
        ProgramRun.Result run = succeeded(run("reopen", 300).in(dir)
                .env("SYSFAULT_RULES", rules(Fault.on("getppid").fail(Errno.EPERM)).toString())
                .env("SYSFAULT_DEBUG", "1").run());

        assertThat(run.stdout()).isEqualTo("""
                padded: 300 calls, 0 ok, 300 failed with errno 1; site: jump
                reopened: 300 calls, 0 ok, 300 failed with errno 1; site: jump
                """);
        assertThat(rewrites(run)).as(run.describe()).isEqualTo(2);
    }

    /**
     * The unpadded library has a syscall instruction where the padded one had its site, and the padded one's padding
     * bytes where its padding was, but inside a function: the closed library's plan must not rewrite it.
     */
    @Test
    void anotherLibraryMappedWhereAClosedOneWasIsNeverRewrittenByTheClosedOnesPlan() throws IOException {
        ProgramRun.Result run = succeeded(run("other", 300).in(dir)
                .env("SYSFAULT_RULES", rules(Fault.on("getppid").fail(Errno.EPERM)).toString())
                .env("SYSFAULT_DEBUG", "1").run());

        assertThat(run.stdout()).isEqualTo("""
                same address: yes
                unpadded: 300 calls, 0 ok, 300 failed with errno 1; site: syscall
                """);
        assertThat(run.stderr()).doesNotContain("libgetppid_unpadded.so+0x");
    }

    /**
     * Each dlopen and dlclose of the main thread holds, then releases, every later site and plans or forgets an object,
     * while eight threads run the padded library's site: none of their calls is lost, and the site is rewritten once.
     */
    @Test
    void threadsRunningADlopenedSiteLoseNoCallWhileOtherLibrariesAreLoadedAndUnloaded() throws IOException {
        ProgramRun.Result run = succeeded(ProgramRun.of(NativeBuild.program("dlopen_site_loop").toString(), "threads",
                "5000", "8").preload(NativeBuild.preload()).in(dir)
                .env("SYSFAULT_RULES", rules(Fault.on("getppid").fail(Errno.EPERM)).toString())
                .env("SYSFAULT_DEBUG", "1").run());

        assertThat(run.stdout()).isEqualTo(
                "threads: 40000 calls, 40000 failed with errno 1; site: jump; dlopen and dlclose cycles: some\n");
        assertThat(rewrites(run)).as(run.describe()).isEqualTo(1);
    }

    /** Objects with no rewritable site take none of the handler's 512 entries: a plugin loaded in a loop fills none. */
    @Test
    void librariesWithNothingToRewriteLoadedAgainAndAgainLeaveRoomForOneThatHas() throws IOException {
        ProgramRun.Result run = succeeded(run("churn", 300).in(dir)
                .env("SYSFAULT_RULES", rules(Fault.on("getppid").fail(Errno.EPERM)).toString()).run());

        assertThat(run.stdout()).isEqualTo("after 600 others: 300 calls, 0 ok, 300 failed with errno 1; site: jump\n");
    }

    /**
     * A name without a slash is searched along the caller's RUNPATH ($ORIGIN here), so that dlopen goes to glibc's
     * with the program as its caller, unplanned; the next dlopen by path plans the library it loaded.
     */
    @Test
    void aLibraryLoadedByBareNameIsFoundAsWithoutSysfaultAndPlannedAtTheNextDlopen() throws IOException {
        ProgramRun.Result run = succeeded(run("bare", 300).in(dir)
                .env("SYSFAULT_RULES", rules(Fault.on("getppid").fail(Errno.EPERM)).toString()).run());

        assertThat(run.stdout()).isEqualTo("""
                by bare name: 300 calls, 0 ok, 300 failed with errno 1; site: syscall
                after a dlopen by path: 300 calls, 0 ok, 300 failed with errno 1; site: jump
                """);
    }

    @Test
    void withTheRewriteOffADlopenedLibrarysSiteIsCaughtOnEveryCall() throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(run("loop", 300).in(dir).env("SYSFAULT_TRACE", trace.toString())
                .env("SYSFAULT_SUD_REWRITE", "0").run());

        assertThat(run.stdout()).isEqualTo("padded: 300 calls, 300 ok, 0 failed with errno 0; site: syscall\n");
        assertThat(getppidEvents(trace)).hasSize(1 + 300);
    }

    /** A JVM's System.load goes through dlopen: a JNI library's raw syscall is planned and rewritten like any other. */
    @Test
    void aJniLibraryLoadedBySystemLoadHasItsSiteRewrittenAndItsCallsFailUnderTheRule() throws IOException,
            URISyntaxException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(RawGetppidThroughJni.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Path library = NativeBuild.program("libjni_getppid.so");

        ProgramRun.Result run = succeeded(ProgramRun.of(java, "-cp", classes,
                RawGetppidThroughJni.class.getName(), library.toString(), "1000").preload(NativeBuild.preload())
                .in(dir).env("SYSFAULT_RULES", rules(Fault.on("getppid").fail(Errno.EPERM)).toString())
                .env("SYSFAULT_DEBUG", "1").run());

        assertThat(run.stdout()).isEqualTo("jni: 1000 calls, 0 ok, 1000 failed with errno 1; site: jump\n");
        assertThat(run.stderr().lines().filter(l -> l.contains("libjni_getppid.so+0x") && l.contains("rewritten")))
                .as(run.describe()).hasSize(1);
    }
}
