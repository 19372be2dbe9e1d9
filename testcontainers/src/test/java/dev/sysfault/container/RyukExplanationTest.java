// Without TESTCONTAINERS_RYUK_DISABLED (and the host override), a container says what to set instead of hanging.
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sysfault.testsupport.NativeBuild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link Main} in a JVM of its own whose environment lacks both variables; here no registry answers,
 * so Testcontainers' pull of Ryuk would hang for minutes (measured: more than 5).
 */
@RequiresDocker
class RyukExplanationTest {

    private static final String IMAGE = "sysfault/debian:bookworm";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aContainerExplainsWhichVariablesToSetInsteadOfHanging() throws IOException, InterruptedException {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + DockerEngine.CONNECT_TIMEOUT_PROPERTY + "=" + CONNECT_TIMEOUT.toSeconds(),
                Main.class.getName(), IMAGE, NativeBuild.library().toString()).redirectErrorStream(true);
        builder.environment().remove(DockerEngine.RYUK_DISABLED);
        builder.environment().remove(DockerEngine.HOST_OVERRIDE);
        Process child = builder.start();
        // Only a real hang (Testcontainers pulling Ryuk from a registry that never answers) reaches this bound; what
        // proves the explanation is the output below, not how long it took.
        boolean ended = child.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(ended).as("the child ended; its output:\n%s", output).isTrue();
        assumeFalse(output.contains("STARTED"), "Testcontainers could pull Ryuk here: nothing to explain");
        assertThat(output).contains("FAILED").contains("within " + CONNECT_TIMEOUT.toSeconds() + " s")
                .contains("testcontainers/ryuk").contains("TESTCONTAINERS_RYUK_DISABLED=true");
    }

    /** Starts a container of {@code args[0]} with the library {@code args[1]} and says how that went. */
    public static final class Main {

        public static void main(String[] args) {
            try (SyscallFaultContainer container = new SyscallFaultContainer(args[0]).withLibrary(Path.of(args[1]))) {
                container.start();
                System.out.println("STARTED");
            } catch (RuntimeException e) {
                System.out.println("FAILED " + e.getMessage());
            }
            System.exit(0); // Testcontainers' hung pull may hold threads that are not daemons
        }
    }
}
