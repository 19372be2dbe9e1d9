// A fault that never fires fails its test, saying what it matched and which related calls the body made instead.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.junit.fixtures.NeverFiredCases;
import dev.sysfault.junit.fixtures.NeverFiredDslCases;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

class NeverFiredTest {

    @Test
    void aFaultThatNeverFiredFailsItsTestAndNamesTheCallsMadeInstead() {
        Events events = FixtureRun.of(NeverFiredCases.class).results().testEvents();
        events.assertStatistics(s -> s.started(7).succeeded(3).failed(4));
        events.assertThatEvents()
                .haveExactly(1, event(test("sqliteCommits"), finishedWithFailure(instanceOf(AssertionFailedError.class),
                        message(m -> m.contains("@InjectSyscallFault(syscall = \"fsync\", errno = \"EIO\") on method"
                                + " NeverFiredCases.sqliteCommits never fired: it matched no call. The body made no"
                                + " fsync; it made fdatasync ×")
                                && m.matches("(?s).*fdatasync ×\\d+ on [^.]*/app\\.db.*")
                                && m.contains("write optional = true")
                                && m.contains("sysfault.faults.mustFire=false")))))
                .haveExactly(1, event(test("filesCopy"), finishedWithFailure(instanceOf(AssertionFailedError.class),
                        message(m -> m.contains("@InjectSyscallFault(syscall = \"write\", errno = \"EIO\") on method"
                                + " NeverFiredCases.filesCopy never fired: it matched no call. The body made no write;"
                                + " it made ")
                                // sendfile(out, in) on JDK 17, copy_file_range(in, ..., out) on JDK 21
                                && m.matches("(?s).*(sendfile|copy_file_range) ×\\d+ on [^.]*/"
                                        + "(from\\.txt, [^ ]*/)?to\\.txt.*")))))
                .haveExactly(1, event(test("whenNeverReached"), finishedWithFailure(
                        message(m -> m.contains("never fired: it matched 2 calls but fired 0 times (when=5 was never"
                                + " reached). The body made fsync ×2 on ")))))
                .haveExactly(1, event(test("bodyFailsFirst"), finishedWithFailure(
                        instanceOf(IllegalStateException.class), message("the body's own failure"))))
                .haveExactly(1, event(test("sqliteCommitsOptional"), finishedSuccessfully()))
                .haveExactly(1, event(test("filesCopyOptional"), finishedSuccessfully()))
                .haveExactly(1, event(test("fires"), finishedSuccessfully()));

        Throwable bodyFailure = thrown(events, "bodyFailsFirst");
        assertThat(bodyFailure.getSuppressed()).as("the unfired fault, after the body's own failure").singleElement()
                .satisfies(s -> assertThat(s).isInstanceOf(AssertionFailedError.class)
                        .hasMessageContaining("bodyFailsFirst never fired: it matched no call. The body made no fsync"));
    }

    @Test
    void theConfigurationParameterLetsThemPass() {
        Events events = FixtureRun.of(Map.of("sysfault.faults.mustFire", "false"), NeverFiredCases.class).results()
                .testEvents();
        events.assertStatistics(s -> s.started(7).succeeded(6).failed(1));
        assertThat(thrown(events, "bodyFailsFirst")).hasMessage("the body's own failure").hasNoSuppressedExceptions();
    }

    @Test
    void aRegisteredFaultIsNamedAsItsSpecAndTheOptionalOneIsNotNamed() {
        Events events = FixtureRun.of(NeverFiredDslCases.class).results().testEvents();
        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(thrown(events, "writesWithoutSyncing").getMessage())
                .startsWith("A fault never fired, so the test did not meet it:\n  the fault fsync:error=EIO of"
                        + " SyscallFaultExtension.inject never fired: it matched no call.")
                .contains("add .optional() to the fault")
                .doesNotContain("fdatasync:error=EIO");
    }

    private static Throwable thrown(Events events, String test) {
        return events.failed().stream().filter(e -> e.getTestDescriptor().getDisplayName().startsWith(test))
                .findFirst().orElseThrow().getPayload(TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow();
    }
}
