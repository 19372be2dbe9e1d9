// A user of the extension alone gets no Testcontainers, and a test that asks for a container says what to add.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.junit.fixtures.NoContainerModuleCases;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * This module's test class path holds its own dependencies and test libraries, never sysfault-testcontainers
 * (which depends on this module), so it is what a user of the extension alone has.
 */
class ContainersNeedTheirModuleTest {

    private static final String ADD = "needs sysfault-testcontainers on the test class path: add the test dependency"
            + " dev.sysfault:sysfault-testcontainers";

    @Test
    void theExtensionBringsNeitherTestcontainersNorDockerJava() {
        ClassLoader loader = SyscallFaultExtension.class.getClassLoader();
        assertThatThrownBy(() -> Class.forName("org.testcontainers.DockerClientFactory", false, loader))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("com.github.dockerjava.api.DockerClient", false, loader))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void runInContainerNamesTheArtifactToAdd() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NoContainerModuleCases.class))
                .execute().allEvents();
        events.assertThatEvents()
                .haveExactly(1, event(test("inAContainer"),
                        finishedWithFailure(message(m -> oneLine(m, "@RunInContainer " + ADD)))))
                .haveExactly(1, event(container("acrossImages"),
                        finishedWithFailure(message(m -> oneLine(m, "@GlibcMatrix " + ADD)))));
    }

    /** The message says it in one line (JUnit may put its own words before it). */
    private static boolean oneLine(String message, String expected) {
        return message.contains(expected) && !message.contains("\n");
    }
}
