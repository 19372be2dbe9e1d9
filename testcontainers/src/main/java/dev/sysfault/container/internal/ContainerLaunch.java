// A worker JVM in a container of an image (another glibc, another JDK), started by `docker exec`.
package dev.sysfault.container.internal;

import dev.sysfault.container.DockerEngine;
import dev.sysfault.run.internal.PreloadEnvironment;
import dev.sysfault.worker.internal.ClassArchive;
import dev.sysfault.worker.internal.ClassPathFiles;
import dev.sysfault.worker.internal.WorkerCommand;
import dev.sysfault.worker.internal.WorkerLaunch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One container per worker, stopped with it. The worker runs the image's {@code java} (first on its PATH) with
 * this JVM's options and class path, and connects to its parent through the socket in its mounted directory;
 * so the engine must be local (a remote one sees neither this machine's files nor its sockets).
 */
record ContainerLaunch(String image) implements WorkerLaunch {

    @Override
    public Process start(WorkerCommand command, PreloadEnvironment preload, Path directory, Path socket,
            boolean ahead, Optional<ClassArchive.Use> archive) throws IOException {
        DockerEngine.connect();
        try {
            DockerEngine.requireFit(image);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!DockerEngine.isLocal()) {
            throw new IOException("a worker JVM runs in a container only with a local Docker engine, which shares this"
                    + " machine's files and sockets; " + DockerEngine.dockerHost() + " is not one");
        }
        Set<Path> mounted = new LinkedHashSet<>(ClassPathFiles.of(command.classPath()));
        mounted.add(preload.library());
        WorkerContainer container = new WorkerContainer(image, mounted, directory);
        container.start();
        // no class archive: the image has its own java
        List<String> line = command.forWorker(directory, socket, ahead, Optional.empty());
        line.set(0, "java");
        // Over the image's environment, keeping nothing of its LD_PRELOAD: the worker JVM gets the library alone.
        Map<String, String> env = preload.over(name -> null, Map.of());
        try {
            return ContainerProcess.exec(container, line, env);
        } catch (IOException | RuntimeException e) {
            container.stop();
            throw e;
        }
    }
}
