// Every element of @InjectSyscallFault reaches the worker's rules, and the worker gets its configuration parameters.
package dev.sysfault.junit;

import dev.sysfault.junit.fixtures.ElementCases;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotationElementsTest {

    @Test
    void retvalTimesProbabilitySeedDelaysBlackholeSignalAndTheWorkersOptions() {
        FixtureRun run = FixtureRun.of(Map.of("sysfault.worker.jvmOptions", "-Dsysfault.fixture.option=from-jvmOptions",
                "sysfault.trace.capacity", "16384"), ElementCases.class);
        org.assertj.core.api.Assertions.assertThat(run.results().testEvents().failed().list()).as("failures").isEmpty();
        run.results().testEvents().assertStatistics(s -> s.started(6).succeeded(6));
    }
}
