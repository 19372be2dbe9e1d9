// A container worker that outlives sysfault.worker.timeout is killed and reported, and the class goes on.
package dev.sysfault.container;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.container.fixtures.HangingInContainerCases;
import dev.sysfault.worker.WorkerCrashException;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * On the rig ({@code ci/test} runs this on both engines) the parent talks to the worker through the engine's port
 * proxy, which may keep the parent's connection open after the worker died: the parent must not wait on it.
 */
@RequiresDocker
class HangingInContainerTest {

    private static final String IMAGE = "sysfault/debian:bookworm";

    @Test
    void aBodyThatNeverEndsIsKilledAtTheTimeoutAndTheNextTestRuns() {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");

        EngineTestKit.engine("junit-jupiter").selectors(selectClass(HangingInContainerCases.class))
                .configurationParameter("sysfault.worker.timeout", "15s").execute().testEvents().assertThatEvents()
                .haveExactly(1, event(test("neverEnds"), finishedWithFailure(instanceOf(WorkerCrashException.class),
                        message(m -> m.contains("was still running after sysfault.worker.timeout=15000 ms and was killed")))))
                .haveExactly(1, event(test("runsInANewWorkerAfterIt"), finishedSuccessfully()));
    }
}
