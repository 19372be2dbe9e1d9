// PAUSE rules from inside a real program: every matching call waits for the watcher and then runs; a child never waits.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paused_calls} (src/test/c/progs) runs a watcher thread through the control API and writes to a file from
 * a thread started before any was named, its main thread (named), a forked child and threads the main thread
 * started, under a table that pauses writes to that file.
 */
class PausedCallsTest {

    private static final int THREADS = 4;
    private static final int WRITES = 50;

    @TempDir
    Path dir;

    private ProgramRun.Result run(String... extra) throws IOException {
        Path rules = dir.resolve("pause.rules");
        RuleTable.compile(List.of(Fault.on("write").fdPath("**/paused.txt").pauseForWatcher())).write(rules);
        List<String> command = new java.util.ArrayList<>(List.of(NativeBuild.program("paused_calls").toString(),
                dir.resolve("paused.txt").toString(), Integer.toString(THREADS), Integer.toString(WRITES)));
        command.addAll(List.of(extra));
        ProgramRun.Result result = ProgramRun.of(command).in(dir).env("SYSFAULT_CACHE_DIR", "")
                .env("SYSFAULT_RULES", rules.toString()).preload(NativeBuild.preload()).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stderr()).as(result.describe()).isEmpty();
        return result;
    }

    @Test
    void everyWriteOfTheProcessWaitsForTheWatcherWhoSeesItsThreadAndDescriptorAndThenItRuns() throws IOException {
        List<String> lines = run().stdout().lines().toList();
        String fd = lines.get(0).replaceAll(".* fd ", "");
        int total = 1 + THREADS * WRITES;
        // the early thread's writes (before any thread was named) and the child's did not wait
        assertThat(lines).contains("child exited 0", "paused " + total, "file " + (total + 1 + WRITES) + " bytes");
        // the main thread's own write, then the threads': each seen by the watcher with its thread and descriptor
        assertThat(lines).filteredOn(l -> l.startsWith("paused write")).hasSize(total)
                .containsOnlyOnce("paused write fd " + fd + " by main")
                .filteredOn(l -> l.endsWith("by thread")).hasSize(THREADS * WRITES)
                .allSatisfy(l -> assertThat(l).isEqualTo("paused write fd " + fd + " by thread"));
    }

    @Test
    void withoutAWatcherNoCallWaits() throws IOException {
        List<String> lines = run("nowatcher").stdout().lines().toList();
        int total = 1 + THREADS * WRITES;
        assertThat(lines).contains("child exited 0", "paused 0", "file " + (total + 1 + WRITES) + " bytes");
    }
}
