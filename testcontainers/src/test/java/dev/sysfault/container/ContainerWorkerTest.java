// Workers in containers: @GlibcMatrix across the four images of ci/make-images, and @RunInContainer.
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import org.assertj.core.api.Condition;
import dev.sysfault.container.fixtures.ContainerCases;
import dev.sysfault.worker.WorkerCrashException;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

@RequiresDocker
class ContainerWorkerTest {

    @Test
    void everyImageRunsItsInvocationOnItsOwnGlibcAndJdk() {
        var events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ContainerCases.class)).execute()
                .testEvents();
        assertThat(events.failed().list()).as("failures").hasSize(1);
        events.assertStatistics(s -> s.started(6).succeeded(5).failed(1));
        events.assertThatEvents()
                .haveExactly(1, event(test(), displayName("[bullseye] glibc 2.31"), finishedSuccessfully()))
                .haveExactly(1, event(test(), displayName("[bookworm] glibc 2.36"), finishedSuccessfully()))
                .haveExactly(1, event(test(), displayName("[trixie] glibc 2.41"), finishedSuccessfully()))
                .haveExactly(1, event(test(), new Condition<>(e -> e.getTestDescriptor().getDisplayName()
                        .startsWith("[sid] glibc 2.4"), "sid's glibc 2.4x"), finishedSuccessfully()))
                .haveExactly(1, event(test("withoutFaultsInTrixie"), finishedSuccessfully()))
                .haveExactly(1, event(test("exitsInBullseye"), finishedWithFailure(
                        instanceOf(WorkerCrashException.class), message(m -> m.contains("exited with status 7")))));
    }
}
