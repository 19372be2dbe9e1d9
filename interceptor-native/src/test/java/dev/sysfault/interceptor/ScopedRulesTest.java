// Rules scoped to one thread (sysfault_scope_rules): they hit that thread and what it starts, never the threads that were there before.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scoped_rules} (src/test/c/progs) starts a thread, then scopes the rules to its main thread and loads a
 * table that fails getppid with EPERM, and prints, for each thread and process that calls getppid, whether it
 * failed: what a test run inside a harness's own process (a JVM preloaded with libsysfault.so) would see.
 */
class ScopedRulesTest {

    /** More than the scope holds at once (1024): it holds them because each leaves as it ends. */
    private static final int RACERS = 1200;

    @TempDir
    Path dir;

    @Test
    void theRulesHitTheNamedThreadAndWhatItStartsUntilTheScopeIsLifted() throws IOException {
        Path rules = dir.resolve("getppid.rules");
        RuleTable.compile(List.of(Fault.on("getppid").fail(Errno.EPERM))).write(rules);

        ProgramRun.Result run = ProgramRun.of(NativeBuild.program("scoped_rules").toString(), rules.toString(),
                Integer.toString(RACERS)).in(dir).env("SYSFAULT_CACHE_DIR", "").preload(NativeBuild.preload()).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stderr()).as(run.describe()).isEmpty();
        assertThat(run.stdout().lines()).as(run.describe()).containsExactly(
                "main: failed",
                "main raw: failed",                 // a syscall instruction of the program's: SUD brings it
                "early: ok",                        // started before the scope
                "early's fork child: ok",           // made by a thread out of scope
                "main's thread: failed",
                "main's thread's thread: failed",
                "main's fork child: failed",
                "main's fork child's thread: failed",
                "main's vfork child: failed",       // it shares main's thread-local verdict
                "racers failed: " + RACERS + " of " + RACERS,   // many call before their parent's clone returns
                "main's program's program: failed", // run with an environment naming no rules: passed on
                "main's program: failed",           // SYSFAULT_RULES given to the program main's child runs
                "early's program: ok",
                "early: failed",                    // the scope lifted: every thread again
                "main: failed");
        // Only the calls in scope count: the eleven lines that failed above (the programs' in the same table), with
        // the racers' calls.
        RuleCounters counters = RuleCounters.read(rules);
        assertThat(counters.matched(0)).isEqualTo(RACERS + 11);
        assertThat(counters.fired(0)).isEqualTo(RACERS + 11);
    }
}
