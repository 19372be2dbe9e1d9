// Where no Docker engine answers, sysfault.worker.where=container skips the faulted tests with why; the others run.
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sysfault.container.fixtures.PlacementCases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs {@link Main} in a JVM of its own, where no engine can answer (whether one does is asked once per JVM), in a
 * mount namespace whose {@code /run}, and so {@code /var/run/docker.sock}, is empty. Needs no engine itself.
 */
class NoEngineTest {

    @Test
    void theFaultedTestIsSkippedWithTheReasonAndTheOtherRunsHere() throws IOException, InterruptedException {
        // Testcontainers falls back to /var/run/docker.sock whatever DOCKER_HOST says: the child gets an empty /run.
        assumeTrue(new ProcessBuilder("unshare", "--mount", "true").start().waitFor() == 0,
                "unshare --mount needs root, which this JVM's user is not");
        ProcessBuilder builder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs sysfault-no-engine /run && exec \"$@\"", "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()).redirectErrorStream(true);
        builder.environment().remove("DOCKER_HOST");
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.waitFor()).as(output).isZero();
        assertThat(output).as(output).containsPattern("faulted\\(\\) SKIPPED .*no Docker engine answers")
                .containsPattern("unfaulted\\(\\) FAILED ran in glibc [0-9.]+, worker false");
    }

    /** Runs the placement fixtures with workers in containers and prints each test's outcome on a line. */
    public static final class Main {

        public static void main(String[] args) {
            var events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(PlacementCases.class))
                    .configurationParameter("sysfault.worker.where", "container")
                    .configurationParameter("sysfault.worker.image", "sysfault/debian:bullseye").execute().testEvents();
            events.skipped().stream().forEach(e -> System.out.println(e.getTestDescriptor().getDisplayName()
                    + " SKIPPED " + e.getPayload(String.class).orElse("").replace('\n', ' ')));
            events.finished().stream().forEach(e -> System.out.println(e.getTestDescriptor().getDisplayName() + " "
                    + e.getPayload(org.junit.platform.engine.TestExecutionResult.class).map(r -> r.getStatus() + " "
                    + r.getThrowable().map(Throwable::getMessage).orElse("")).orElse("?").replace('\n', ' ')));
            System.exit(0);
        }
    }
}
