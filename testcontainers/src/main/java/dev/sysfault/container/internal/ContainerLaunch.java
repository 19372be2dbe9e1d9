// A worker JVM in a container of an image (another glibc, another JDK), on any engine: its files copied, its port published.
package dev.sysfault.container.internal;

import com.github.dockerjava.api.DockerClient;
import dev.sysfault.container.DockerEngine;
import dev.sysfault.worker.internal.ClassPathFiles;
import dev.sysfault.worker.internal.RemoteLaunch;
import dev.sysfault.worker.internal.RemoteStart;
import dev.sysfault.worker.internal.RemoteWorker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One container per worker, stopped with it. The engine may be on another machine: the class path's files and the
 * library are in the engine's volume ({@link EngineFiles}, copied once by content), the worker's first files are
 * copied into the container, and the parent talks to the worker through the port the engine publishes. The same
 * on a local engine. The worker runs the image's {@code java} (first on its PATH) with this JVM's options.
 */
record ContainerLaunch(String image) implements RemoteLaunch {

    @Override
    public RemoteWorker start(RemoteStart start) throws IOException {
        DockerEngine.connect();
        try {
            DockerEngine.requireFit(image);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        Set<Path> files = new LinkedHashSet<>(ClassPathFiles.of(start.command().classPath()));
        files.add(start.library());
        WorkerContainer container = new WorkerContainer(image);
        Map<Path, String> places;
        try {
            places = EngineFiles.place(container.getDockerClient(), DockerEngine.dockerHost(), image, files);
        } catch (RuntimeException e) {
            throw new IOException("cannot copy the worker's files into the Docker engine at "
                    + DockerEngine.dockerHost() + ": " + e.getMessage(), e);
        }
        container.start();
        try {
            copyFirstFiles(container.getDockerClient(), container.getContainerId(), start);
            List<String> classPath = new ArrayList<>();
            ClassPathFiles.of(start.command().classPath()).forEach(file -> classPath.add(places.get(file)));
            String library = places.get(start.library());
            return new ContainerWorker(container, ContainerProcess.exec(container,
                    start.commandLine(classPath, library), start.environment(library)));
        } catch (IOException | RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    /** The worker's directory with the files it needs before it starts, in one archive (a link stays a link). */
    private static void copyFirstFiles(DockerClient docker, String container, RemoteStart start) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Tar.Writer tar = new Tar.Writer(bytes);
        String folder = RemoteStart.DIRECTORY.substring(1);
        tar.folder(folder);
        for (String name : start.files()) {
            Path file = start.directory().resolve(name);
            if (Files.isSymbolicLink(file)) {
                tar.link(folder + "/" + name, Files.readSymbolicLink(file).toString());
            } else {
                tar.file(folder + "/" + name, Files.readAllBytes(file), 0644);
            }
        }
        tar.finish();
        docker.copyArchiveToContainerCmd(container).withRemotePath("/")
                .withTarInputStream(new ByteArrayInputStream(bytes.toByteArray())).exec();
    }

    @Override
    public String toString() {
        return "a container of " + image;
    }
}
