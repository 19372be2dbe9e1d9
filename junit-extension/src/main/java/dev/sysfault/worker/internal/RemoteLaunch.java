// Where a worker JVM runs when its directory cannot be this machine's: in a container, on an engine that may share no files.
package dev.sysfault.worker.internal;

import dev.sysfault.run.internal.PreloadEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The worker gets copies of its files ({@link RemoteStart}) and listens on a port; its parent connects to it, sends
 * each rule table over the connection and gets back what changed in the worker's directory, which it keeps in a
 * copy of its own ({@link MirroredFiles}). Nothing is shared but the connection.
 */
public interface RemoteLaunch extends WorkerLaunch {

    /** Starts the worker {@code start} describes; it listens on {@link RemoteStart#PORT} once it is ready. */
    RemoteWorker start(RemoteStart start) throws IOException;

    /** Not for this launch: its worker shares no directory with this JVM. */
    @Override
    default Process start(WorkerCommand command, PreloadEnvironment preload, Path directory, Path socket,
            boolean ahead, Optional<ClassArchive.Use> archive) {
        throw new UnsupportedOperationException("a worker of " + this + " starts from a RemoteStart");
    }
}
