// Which worker runs which test: reuse per class or per test, and one worker per class running in parallel.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.junit.fixtures.BasicCases;
import dev.sysfault.junit.fixtures.ParallelCasesA;
import dev.sysfault.junit.fixtures.ParallelCasesB;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerReuseTest {

    @Test
    void reuseTestGivesEveryTestAFreshWorker() {
        FixtureRun run = FixtureRun.of(Map.of("sysfault.worker.reuse", "test"), BasicCases.class);
        run.results().testEvents().assertStatistics(s -> s.started(7).succeeded(3));
        assertThat(run.pids().get("listingFails")).isNotEqualTo(run.pids().get("countersCountTheFsyncs"));
    }

    @Test
    void classesRunningInParallelHaveAWorkerEach() {
        FixtureRun run = FixtureRun.of(Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"),
                ParallelCasesA.class, ParallelCasesB.class);
        assertThat(run.results().testEvents().failed().list()).as("failures").isEmpty();
        assertThat(run.results().testEvents().aborted().list()).as("aborted").isEmpty();
        run.results().testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        Map<String, Long> pids = run.pids();
        assertThat(pids.get("A-start")).isNotEqualTo(pids.get("B-start"));
        List<String> order = run.notes().stream().map(n -> n.split(" ")[0]).toList();
        assertThat(order.indexOf("B-start")).as("both ran at once: " + order).isLessThan(order.indexOf("A-end"));
        assertThat(order.indexOf("A-start")).as("both ran at once: " + order).isLessThan(order.indexOf("B-end"));
    }
}
