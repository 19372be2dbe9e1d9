// sysfault.worker.where: faulted tests without @RunInContainer run their worker in a container, the others stay here.
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.container.fixtures.ContainerCases;
import dev.sysfault.container.fixtures.PlacementCases;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

@RequiresDocker
class WorkerPlacementTest {

    private static final String IMAGE = "sysfault/debian:bullseye";

    private static Events run(String where) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(PlacementCases.class))
                .configurationParameter("sysfault.worker.where", where)
                .configurationParameter("sysfault.worker.image", IMAGE).execute().testEvents();
    }

    @Test
    void containerRunsTheFaultedTestsWorkerInTheImageAndTheOtherTestHere() throws Exception {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");
        String here = ContainerCases.glibcHere();
        assertThat(here).isNotEqualTo("glibc 2.31");

        run("container").assertThatEvents()
                .haveExactly(1, event(test("faulted"), finishedWithFailure(message("ran in glibc 2.31, worker true"))))
                .haveExactly(1, event(test("unfaulted"), finishedWithFailure(message("ran in " + here + ", worker false"))));
    }

    @Test
    void autoOnThisMachineIsTheHost() throws Exception {
        String here = ContainerCases.glibcHere();

        run("auto").assertThatEvents()
                .haveExactly(1, event(test("faulted"), finishedWithFailure(message("ran in " + here + ", worker true"))));
    }

    @Test
    void anUnknownPlaceIsRefusedWithTheChoices() {
        run("laptop").assertThatEvents().haveExactly(1, event(test("faulted"), finishedWithFailure(message(m ->
                m.contains("sysfault.worker.where=laptop is not host, container or auto")))));
    }
}
