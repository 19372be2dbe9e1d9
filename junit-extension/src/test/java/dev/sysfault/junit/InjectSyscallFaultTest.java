// @InjectSyscallFault end to end: fixture classes run through EngineTestKit with real worker JVMs.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.cause;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.junit.fixtures.BasicCases;
import dev.sysfault.junit.fixtures.ComposedCases;
import dev.sysfault.junit.fixtures.LifecycleCases;
import dev.sysfault.worker.WorkerException;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class InjectSyscallFaultTest {

    @Test
    void outcomesComeBackAsTheTestsOwn() {
        FixtureRun run = FixtureRun.of(BasicCases.class);
        var events = run.results().testEvents();
        events.assertStatistics(s -> s.started(7).succeeded(3).failed(3).aborted(1));
        events.assertThatEvents()
                .haveExactly(1, event(test("listingFails"), finishedSuccessfully()))
                .haveExactly(1, event(test("countersCountTheFsyncs"), finishedSuccessfully()))
                .haveExactly(1, event(test("withoutFaultsRunsHere"), finishedSuccessfully()))
                .haveExactly(1, event(test("assertionFails"), finishedWithFailure(instanceOf(AssertionFailedError.class),
                        message(m -> m.contains("arithmetic in the worker")))))
                .haveExactly(1, event(test("throwsWithCause"), finishedWithFailure(instanceOf(IOException.class),
                        message("wal append failed"), cause(instanceOf(IllegalStateException.class),
                                message("disk said no")))))
                .haveExactly(1, event(test("throwsUnserializable"), finishedWithFailure(
                        instanceOf(WorkerException.class), message(m -> m.contains("NotSerializable: holds a plain")))))
                .haveExactly(1, event(test("aborts"), abortedWithReason(instanceOf(TestAbortedException.class),
                        message(m -> m.contains("not on this disk")))));

        Throwable failure = events.failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("assertionFails"))
                .findFirst().orElseThrow().getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getStackTrace()).as("the stack trace where it failed, in the worker")
                .anySatisfy(f -> assertThat(f.toString()).contains("BasicCases.assertionFails"));

        Map<String, Long> pids = run.pids();
        long here = ProcessHandle.current().pid();
        assertThat(pids.get("withoutFaultsRunsHere")).isEqualTo(here);
        assertThat(pids.get("listingFails")).isNotEqualTo(here).isEqualTo(pids.get("countersCountTheFsyncs"));
    }

    @Test
    void lifecycleParameterizedRepeatedAndNestedTestsRunInTheWorker() {
        FixtureRun run = FixtureRun.of(LifecycleCases.class);
        run.results().testEvents().assertStatistics(s -> s.started(8).succeeded(8));
        assertThat(run.notes()).filteredOn(n -> n.startsWith("parameterized-")).map(n -> n.split(" ")[0])
                .containsExactly("parameterized-first", "parameterized-second", "parameterized-third");
        assertThat(run.notes()).filteredOn(n -> n.startsWith("repeated-")).map(n -> n.split(" ")[0])
                .containsExactly("repeated-1", "repeated-2", "repeated-3");
        assertThat(run.notes()).filteredOn(n -> n.startsWith("after ")).as("@AfterEach ran once per test, in the worker")
                .hasSize(8).allSatisfy(n -> assertThat(n).doesNotEndWith(" " + ProcessHandle.current().pid()));
        assertThat(new java.util.HashSet<>(run.pids().values())).as("one worker for the class and its nested class").hasSize(1)
                .doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    void metaAnnotationsRepeatedAnnotationsSpecsAndTheDsl() {
        FixtureRun.of(ComposedCases.class).results().testEvents().assertStatistics(s -> s.started(3).succeeded(3));
    }
}
