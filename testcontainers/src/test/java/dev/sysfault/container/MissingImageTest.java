// An image the engine lacks and cannot pull: one line naming the image, the engine and how to give it the image.
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.container.fixtures.PlacementCases;
import dev.sysfault.testsupport.NativeBuild;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Against the engine the tests are given (the local one, or the rig that shares no files). The images are asked
 * of the real engine: a {@code sysfault/} name that no release has, and a name on a registry at a port where
 * nothing listens, so that the engine's own pull fails at once.
 */
@RequiresDocker
class MissingImageTest {

    private static final String NOT_BUILT = "sysfault/debian:no-such-release";
    private static final String NOT_PULLABLE = "127.0.0.1:1/sysfault/missing:1";

    @Test
    void aSysfaultImageThatWasNotBuiltSaysWhichEngineLacksItAndHowToMakeIt() {
        try (var container = new SyscallFaultContainer(NOT_BUILT).withLibrary(NativeBuild.library())) {
            assertThatThrownBy(container::start).isInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                            .startsWith("the Docker engine at " + DockerEngine.dockerHost() + " has no image " + NOT_BUILT
                                    + ", which no registry has: build it with ci/make-images")
                            .contains(DockerEngine.isLocal() ? "ci/make-images, or name" : "docker save " + NOT_BUILT
                                    + " | DOCKER_HOST=" + DockerEngine.dockerHost() + " docker load"));
        }
    }

    @Test
    void anImageThatCannotBePulledSaysWhatTheEngineSaidAndHowToGiveItTheImage() {
        try (var container = new SyscallFaultContainer(NOT_PULLABLE).withLibrary(NativeBuild.library())) {
            assertThatThrownBy(container::start).isInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                            .startsWith("the Docker engine at " + DockerEngine.dockerHost() + " has no image "
                                    + NOT_PULLABLE + " and cannot pull it (")
                            .contains("127.0.0.1:1")
                            .contains("docker pull --platform linux/amd64 " + NOT_PULLABLE));
        }
    }

    @Test
    void aWorkerImageThatCannotBePulledFailsTheFaultedTestWithTheImageItWasGiven() {
        var events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(PlacementCases.class))
                .configurationParameter("sysfault.worker.where", "container")
                .configurationParameter("sysfault.worker.image", NOT_PULLABLE).execute().testEvents();

        events.assertThatEvents().haveExactly(1, event(test("faulted"), finishedWithFailure(message(m -> m.contains(
                "the Docker engine at " + DockerEngine.dockerHost() + " has no image " + NOT_PULLABLE
                        + " and cannot pull it")))));
    }
}
