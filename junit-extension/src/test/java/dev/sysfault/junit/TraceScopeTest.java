// A faulted test's trace holds the calls of its thread and of the threads it started, not the JVM's class loading.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.junit.fixtures.TraceScopeCases;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

class TraceScopeTest {

    @Test
    void aFileCopyTestsTraceHoldsItsOwnCallsAndAllThreadsHoldsTheRest() {
        var events = FixtureRun.of(TraceScopeCases.class).results().testEvents();
        assertThat(events.failed().stream().map(e -> e.getPayload(TestExecutionResult.class).flatMap(
                TestExecutionResult::getThrowable).map(Throwable::toString).orElse("?")))
                .as("the fixture's failures").isEmpty();
        events.assertStatistics(s -> s.started(1).succeeded(1));
    }
}
