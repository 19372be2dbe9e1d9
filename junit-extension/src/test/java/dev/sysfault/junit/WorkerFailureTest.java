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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class WorkerFailureTest {

    @Test
    void aCrashedWorkerFailsItsTestAndTheNextTestGetsAFreshOne() {
        FixtureRun run = FixtureRun.of(CrashCases.class);
        run.results().testEvents().assertStatistics(s -> s.started(5).succeeded(2).failed(3));
        run.results().testEvents().assertThatEvents()
                .haveExactly(1, event(test("exits"), finishedWithFailure(instanceOf(WorkerCrashException.class),
                        message(m -> m.contains("exited with status 3") && m.contains("exit_group(3)")
                                && m.contains("about to exit")))))
                .haveExactly(1, event(test("killed"), finishedWithFailure(instanceOf(WorkerCrashException.class),
                        message(m -> m.contains("was killed by SIGKILL") && m.contains("kill(")))))
                // recorded before the signal acted, and the fault named with its count
                .haveExactly(1, event(test("killedInFsync"), finishedWithFailure(
                        instanceOf(WorkerCrashException.class), message(m -> m.contains("was killed by SIGKILL")
                                && lastCall(m).startsWith("fsync(") && lastCall(m).endsWith(" <unfinished ...>")
                                && m.contains("@InjectSyscallFault(syscall = \"fsync\", signal = \"SIGKILL\")")
                                && m.contains(": matched 1 call, fired 1 time")))));
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
                                && m.contains("calls the test's thread and the threads and processes it started")
                                && lastCall(m).startsWith("fsync(") && lastCall(m).endsWith(" <unfinished ...>")
                                && shownThreads(m) == 1 && m.contains(": matched 1 call, fired 1 time")))))
                .haveExactly(1, event(test("afterHang"), finishedSuccessfully()));
        Map<String, Long> pids = run.pids();
        assertThat(pids.get("afterHang")).isNotEqualTo(pids.get("hangs"));
        assertThat(ProcessHandle.of(pids.get("hangs"))).as("the hung worker was killed").isEmpty();
    }

    /** The last of the calls a crash report lists, without its pid prefix. */
    private static String lastCall(String report) {
        List<String> calls = callLines(report);
        return calls.isEmpty() ? "" : calls.get(calls.size() - 1).replaceFirst("^\\[pid +\\d+\\] ", "");
    }

    /** How many threads the report's calls come from: only lines with a pid prefix say, and one thread has none. */
    private static long shownThreads(String report) {
        return Math.max(1, callLines(report).stream().filter(l -> l.startsWith("[pid"))
                .map(l -> l.substring(0, l.indexOf(']'))).distinct().count());
    }

    private static List<String> callLines(String report) {
        int from = report.indexOf(" recorded:\n");
        if (from < 0) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (String line : report.substring(from + " recorded:\n".length()).split("\n")) {
            if (!line.startsWith("  ")) {
                break;
            }
            lines.add(line.strip());
        }
        return lines;
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
