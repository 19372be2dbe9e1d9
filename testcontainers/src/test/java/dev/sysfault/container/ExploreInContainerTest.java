// Fault exploration with its runs in a container worker: failure points, fired counts and leaks come back to the parent.
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.container.fixtures.ExploreInContainerCases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

@RequiresDocker
class ExploreInContainerTest {

    private static final String IMAGE = "sysfault/debian:bookworm";
    /** The write's call site in the fixture: the first frame of the code under test. */
    private static final String SITE = "ExploreInContainerCases.save(ExploreInContainerCases.java:25)";

    @Test
    void aWriteLeftOpenOnFailureIsALeakFoundInTheContainer(@TempDir Path reports) throws Exception {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");

        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ExploreInContainerCases.class))
                .configurationParameter("sysfault.exploration.reportDir", reports.toString()).execute().testEvents();

        events.assertThatEvents()
                .haveExactly(1, event(displayName("fault-free run (recorded twice)"), finishedSuccessfully()))
                .haveExactly(1, event(displayName("write #1 at " + SITE + " on saved.dat → ENOSPC (once)"),
                        finishedWithFailure(message(m -> m.startsWith("leak: ") && m.contains("descriptor saved.dat")))));
        assertThat(Files.readString(reports.resolve(ExploreInContainerCases.class.getName() + ".save.md")))
                .contains("write at " + SITE + " on **/saved.dat");
    }
}
