// A faulted test whose body starts a static or Go program: the worker names sysfault-exec, so the fault reaches it.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.junit.fixtures.ProgramsWithoutGlibcCases;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

class ProgramsWithoutGlibcInWorkerTest {

    @Test
    void theStaticAndTheGoListingFailUnderTheFaultAndListWithoutIt() {
        var events = FixtureRun.of(ProgramsWithoutGlibcCases.class).results().testEvents();
        assertThat(events.failed().stream().map(e -> e.getPayload(TestExecutionResult.class).flatMap(
                TestExecutionResult::getThrowable).map(Throwable::toString).orElse("?")))
                .as("the fixture's failures").isEmpty();
        events.assertStatistics(s -> s.started(3).succeeded(3));
    }
}
