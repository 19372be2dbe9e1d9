// Where a worker JVM runs: on this machine (a child process) or in a container of an image.
package dev.sysfault.worker.internal;

import dev.sysfault.run.internal.PreloadEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Starts the worker's JVM; the protocol, trace and rule files are the same wherever it runs. */
public interface WorkerLaunch {

    /**
     * Starts {@code command} for a worker whose files are in {@code directory} and which connects to
     * {@code socket}, under {@code preload} (the library, the worker's rules and trace); {@code ahead}: before a
     * test needs it (it warms up while idle); {@code archive}: the {@link ClassArchive} to use, if this launch can.
     */
    Process start(WorkerCommand command, PreloadEnvironment preload, Path directory, Path socket, boolean ahead,
            Optional<ClassArchive.Use> archive) throws IOException;

    /** A child of this JVM, with this JVM's environment under the worker's preload. */
    WorkerLaunch HOST = (command, preload, directory, socket, ahead, archive) -> {
        ProcessBuilder builder = new ProcessBuilder(command.forWorker(directory, socket, ahead, archive));
        preload.applyTo(builder.environment());
        return builder.start();
    };
}
