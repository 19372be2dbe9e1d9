// Two classes exploring at once (JUnit's parallel execution, methods concurrent too): each in its own worker, with its own findings and report.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.junit.fixtures.ExploreParallelCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreInParallelTest {

    @TempDir
    Path reports;

    @Test
    void twoClassesExploreAtOnceEachInItsOwnWorkerWithItsOwnFindings() throws IOException {
        // Methods concurrent too: one exploration's runs must still take turns in its class's worker.
        FixtureRun run = FixtureRun.of(Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2",
                "sysfault.exploration.reportDir", reports.toString()),
                ExploreParallelCases.SwallowsFsync.class, ExploreParallelCases.LeaksOnFailedWrite.class);

        // Both recordings met (each waited for the other's), so the classes explored at the same time.
        Map<String, Long> pids = run.pids();
        assertThat(pids).containsKeys("A-recording", "B-recording");
        assertThat(pids.get("A-recording")).as("each class its own worker").isNotEqualTo(pids.get("B-recording"));

        // Every run of a class ran in that class's worker, with only that class's faults armed.
        assertThat(runs(run, "A")).isNotEmpty().allSatisfy(n -> assertThat(n[1]).isEqualTo(pids.get("A-recording")));
        assertThat(runs(run, "B")).isNotEmpty().allSatisfy(n -> assertThat(n[1]).isEqualTo(pids.get("B-recording")));
        assertThat(armed(run, "A")).singleElement().satisfies(spec -> assertThat(spec).startsWith("fsync:error=EIO:")
                .contains("when=1"));
        assertThat(armed(run, "B")).isNotEmpty().allSatisfy(spec -> assertThat(spec).startsWith("write:error=ENOSPC:"));

        // Each class's own finding, and nothing of the other's.
        run.results().testEvents().assertThatEvents()
                .haveExactly(1, event(displayName(
                        "fsync #1 at SavedFile.saveSwallowingFsync(SavedFile.java:31) on saved.dat → EIO (once)"),
                        finishedWithFailure(message(m -> m.startsWith("failed: ")))))
                .haveAtLeast(1, event(finishedWithFailure(message(m -> m.startsWith("leak: write #")))))
                .noneMatch(e -> e.getTestDescriptor().getDisplayName().startsWith("write")
                        && e.getTestDescriptor().getUniqueId().toString().contains("SwallowsFsync"))
                .noneMatch(e -> e.getTestDescriptor().getDisplayName().startsWith("fsync")
                        && e.getTestDescriptor().getUniqueId().toString().contains("LeaksOnFailedWrite"));
        String a = Files.readString(reports.resolve(ExploreParallelCases.SwallowsFsync.class.getName() + ".save.md"));
        String b = Files.readString(reports.resolve(ExploreParallelCases.LeaksOnFailedWrite.class.getName()
                + ".save.md"));
        assertThat(a).contains("| fsync at SavedFile.saveSwallowingFsync(SavedFile.java:31) on **/saved.dat |")
                .doesNotContain("| write");
        assertThat(b).contains("| write at SavedFile.saveLeakingOnFailure(SavedFile.java:42) on **/saved.dat |")
                .doesNotContain("| fsync");
    }

    /** The runs a class noted: {what, pid}. */
    private static List<Object[]> runs(FixtureRun run, String name) {
        return run.notes().stream().filter(l -> l.startsWith(name + ":")).map(l -> l.split(" "))
                .map(p -> new Object[] {p[0].substring(name.length() + 1), Long.parseLong(p[1])}).toList();
    }

    /** The SPECs a class's bodies saw armed. */
    private static Set<String> armed(FixtureRun run, String name) {
        return runs(run, name).stream().map(n -> (String) n[0]).filter(s -> !s.equals("fault-free"))
                .collect(Collectors.toSet());
    }
}
