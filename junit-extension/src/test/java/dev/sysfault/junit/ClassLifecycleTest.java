// In the worker, a class's @BeforeAll and @AfterAll run once for all its faulted tests, as JUnit runs them.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.junit.fixtures.OncePerClassCases;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassLifecycleTest {

    @Test
    void beforeAllAndAfterAllRunOnceInTheWorker() {
        FixtureRun run = FixtureRun.of(OncePerClassCases.class);
        assertThat(run.results().testEvents().failed().list()).as("failures").isEmpty();
        run.results().testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        String worker = " " + run.pids().get("first");
        assertThat(run.pids().get("first")).isNotEqualTo(ProcessHandle.current().pid());
        List<String> inWorker = run.notes().stream().filter(n -> n.endsWith(worker)).map(n -> n.split(" ")[0])
                .toList();
        assertThat(inWorker).hasSize(5).startsWith("beforeAll").endsWith("afterAll")
                .containsExactlyInAnyOrder("beforeAll", "first", "second", "third", "afterAll");
    }
}
