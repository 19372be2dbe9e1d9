// One exploration's runs spread over several worker containers at once (sysfault.worker.containers), finding what one finds.
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sysfault.container.fixtures.ExploreAcrossContainersCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

@RequiresDocker
class ExploreAcrossContainersTest {

    private static final String IMAGE = "sysfault/debian:bookworm";
    private static final String REPORT = ExploreAcrossContainersCases.class.getName() + ".append.md";

    @Test
    void threeContainersRunOneExplorationAtOnceAndFindWhatOneContainerFinds(@TempDir Path reports) throws Exception {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");
        List<String> alone = explore(reports.resolve("one"), "1");
        List<String> spread;
        MeetingPoint meeting = new MeetingPoint();
        try (meeting) {
            System.setProperty(ExploreAcrossContainersCases.MEETING, Integer.toString(meeting.port()));   // -D for workers
            try {
                spread = explore(reports.resolve("three"), "3");
            } finally {
                System.clearProperty(ExploreAcrossContainersCases.MEETING);
            }
        }

        assertThat(meeting.metAtOnce()).as("the containers whose explored bodies waited together").hasSize(2);
        // 3 lanes, and one container more for the worker that the crash replaced
        assertThat(meeting.hostnames()).as("the containers that ran explored bodies").hasSizeBetween(2, 4);
        assertThat(spread).as("the invocations and their outcomes, spread over 3 containers").isEqualTo(alone);
        assertThat(alone).as("the invocations and their outcomes in one container").hasSizeGreaterThan(4)
                .first().isEqualTo("fault-free run (recorded twice): SUCCESSFUL");
        assertThat(alone).anyMatch(o -> o.contains("FAILED leak: write #1 at ")).anyMatch(o -> o.endsWith("SUCCESSFUL"))
                .anyMatch(o -> o.contains("ENOSPC (once): FAILED crash: "));
        assertThat(Files.readString(reports.resolve("three").resolve(REPORT)))
                .isEqualTo(Files.readString(reports.resolve("one").resolve(REPORT)));
    }

    /**
     * Each invocation's name, status and the first line of its failure, in the order JUnit reported them; a crash
     * names the pid of the worker's process here, which no two runs share.
     */
    private static List<String> explore(Path reportDir, String containers) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(ExploreAcrossContainersCases.class))
                .configurationParameter("sysfault.exploration.reportDir", reportDir.toString())
                .configurationParameter("sysfault.worker.containers", containers)
                .execute().testEvents().finished().stream().map(ExploreAcrossContainersTest::outcome).toList();
    }

    private static String outcome(Event finished) {
        TestExecutionResult result = finished.getRequiredPayload(TestExecutionResult.class);
        return finished.getTestDescriptor().getDisplayName() + ": " + result.getStatus()
                + result.getThrowable().map(t -> " " + String.valueOf(t.getMessage()).lines().findFirst().orElse(""))
                        .orElse("").replaceAll("\\(pid \\d+\\)", "(pid N)");
    }
}
