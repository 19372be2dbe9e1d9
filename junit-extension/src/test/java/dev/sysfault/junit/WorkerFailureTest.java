// Workers that crash or hang, values that cannot work, and a harness channel that rules cannot break.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.junit.fixtures.BadValueCases;
import dev.sysfault.junit.fixtures.CrashCases;
import dev.sysfault.junit.fixtures.ExemptChannelCases;
import dev.sysfault.junit.fixtures.HangCases;
import dev.sysfault.worker.WorkerCrashException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class WorkerFailureTest {

    @Test
    void aCrashedWorkerFailsItsTestAndTheNextTestGetsAFreshOne() {
        FixtureRun run = FixtureRun.of(CrashCases.class);
        run.results().testEvents().assertStatistics(s -> s.started(4).succeeded(2).failed(2));
        run.results().testEvents().assertThatEvents()
                .haveExactly(1, event(test("exits"), finishedWithFailure(instanceOf(WorkerCrashException.class),
                        message(m -> m.contains("exited with status 3") && m.contains("exit_group(3)")
                                && m.contains("about to exit")))))
                .haveExactly(1, event(test("killed"), finishedWithFailure(instanceOf(WorkerCrashException.class),
                        message(m -> m.contains("was killed by SIGKILL") && m.contains("kill(")))));
        Map<String, Long> pids = run.pids();
        assertThat(pids.get("afterExit")).isNotEqualTo(pids.get("before"));
    }

    /**
     * The timeout must run out for a test that sleeps ten minutes and not for a trivial one: 10 s, a hundred times
     * what the trivial test takes in a fresh worker, and the one margin left here (a timeout test needs one).
     */
    @Test
    void aHungWorkerIsKilledAtTheTimeoutAndTheNextTestGetsAFreshOne() {
        FixtureRun run = FixtureRun.of(Map.of("sysfault.worker.timeout", "10s"), HangCases.class);
        run.results().testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        run.results().testEvents().assertThatEvents()
                .haveExactly(1, event(test("hangs"), finishedWithFailure(instanceOf(WorkerCrashException.class),
                        message(m -> m.contains("still running after sysfault.worker.timeout=10000 ms")
                                && m.contains("futex(")))))
                .haveExactly(1, event(test("afterHang"), finishedSuccessfully()));
        Map<String, Long> pids = run.pids();
        assertThat(pids.get("afterHang")).isNotEqualTo(pids.get("hangs"));
        assertThat(ProcessHandle.of(pids.get("hangs"))).as("the hung worker was killed").isEmpty();
    }

    @Test
    void valuesThatCannotWorkNameTheirElement() {
        var events = FixtureRun.of(BadValueCases.class).results().testEvents();
        events.assertStatistics(s -> s.started(6).failed(6));
        events.assertThatEvents()
                .haveExactly(1, failure("unknownErrno", "errno = \"EIOO\"", "did you mean EIO"))
                .haveExactly(1, failure("unknownSyscall", "syscall = \"fsyncc\"", "fsync"))
                .haveExactly(1, failure("noAction", "no action", "errno = \"EIO\""))
                .haveExactly(1, failure("badShorten", "shorten = \"-3\"", "short"))
                .haveExactly(1, failure("specAndElements", "spec = \"fsync:error=EIO\"", "leave out"))
                .haveExactly(1, failure("badWhen", "when = \"0..x\"", "BadValueCases.badWhen"));
    }

    private static org.assertj.core.api.Condition<org.junit.platform.testkit.engine.Event> failure(String test,
            String names, String says) {
        return event(test(test), finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                message(m -> m.contains(names) && m.contains(says))));
    }

    @Test
    void theOutcomeComesBackWhenEveryWriteFails() {
        var events = FixtureRun.of(ExemptChannelCases.class).results().testEvents();
        events.assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("everyWriteFailsAndSoDoesTheTest"),
                finishedWithFailure(instanceOf(AssertionError.class), message("reported although every write fails"))));
    }
}
