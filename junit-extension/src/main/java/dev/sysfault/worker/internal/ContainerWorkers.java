// Where a worker JVM runs when a test names an image: sysfault-testcontainers provides it, through ServiceLoader.
package dev.sysfault.worker.internal;

import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The extension itself needs no Docker: {@code @RunInContainer} and {@code @GlibcMatrix} are read here, and what
 * needs Testcontainers and docker-java (a container per worker, the engine, the images' labels) comes from the one
 * implementation in {@code sysfault-testcontainers}, so that a user without containers downloads neither.
 */
public interface ContainerWorkers {

    /** Why no container can run on this machine (no Docker engine answers), or empty. */
    Optional<String> unavailableReason();

    /** The upstream version of the image's glibc (its {@code dev.sysfault.glibc} label), or {@code unknown}. */
    String glibcOf(String image);

    /** How a worker JVM starts in a container of {@code image}. */
    WorkerLaunch launch(String image);

    /**
     * The implementation on the class path, or an error that names the artifact to add; {@code annotation} is how
     * the user asked for a container ({@code @RunInContainer}).
     */
    static ContainerWorkers required(String annotation) {
        return Found.IMPLEMENTATION.orElseThrow(() -> new ExtensionConfigurationException(annotation
                + " needs sysfault-testcontainers on the test class path: add the test dependency"
                + " dev.sysfault:sysfault-testcontainers (the version of sysfault-junit-extension)"));
    }

    /** Looked up once, on first use. */
    final class Found {

        private static final Optional<ContainerWorkers> IMPLEMENTATION =
                ServiceLoader.load(ContainerWorkers.class, ContainerWorkers.class.getClassLoader()).findFirst();

        private Found() {
        }
    }
}
