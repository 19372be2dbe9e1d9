// The rule table is compiled once, in the parent: the worker arms the parent's bytes, not a table of its own.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.junit.fixtures.ParentRulesCases;
import org.junit.jupiter.api.Test;

class ParentCompilesTest {

    @Test
    void theWorkerArmsTheTableThatTheParentCompiled() {
        FixtureRun run = FixtureRun.of(ParentRulesCases.class);
        assertThat(run.results().testEvents().failed().list()).as("failures").isEmpty();
        run.results().testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }
}
