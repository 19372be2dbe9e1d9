// A worker JVM started by a RemoteLaunch, as its parent reaches it: its process, its port, its files after it died.
package dev.sysfault.worker.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** Implemented by sysfault-testcontainers for a worker in a container. */
public interface RemoteWorker {

    /** The worker JVM: its output, liveness and exit status; destroying it forcibly keeps its files readable. */
    Process process();

    /** Where this machine reaches the worker's {@link RemoteStart#PORT}. */
    InetSocketAddress address();

    /**
     * After the worker died (or was killed): writes the bytes of {@code name}, a file of its directory, over the
     * file {@code into} in place, so that a mapping of {@code into} sees them.
     *
     * @return false if the worker's directory has no such file
     */
    boolean copyOut(String name, Path into) throws IOException;
}
