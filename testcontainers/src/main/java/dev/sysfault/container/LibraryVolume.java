// libsysfault.so in a Docker volume named by its content: on an engine that cannot see this machine's files, copied once.
package dev.sysfault.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.sysfault.run.internal.ProgramLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;

/**
 * The volume {@code sysfault-library-<sha256>} holds {@value #LIBRARY}, {@code sysfault-exec} beside it when there
 * is one (the hash covers both), and, written after them, {@value #CONTENT}, a file with the hash: the files are
 * whole once that file names it. A container mounts the volume
 * read-only at {@value #MOUNT}; when it does not find the hash there, a container that is created (never
 * started) with the volume writable copies the library in, and is removed. So the first container of a library
 * copies it into the engine, and every later one, in this run or the next, copies nothing. The volumes carry the
 * label {@value #LABEL}: {@code docker volume prune --filter label=dev.sysfault.library} removes them.
 *
 * <p>Two JVMs that fill the same new volume at the same moment may each write the library; the copies are the
 * same bytes, but a command started between the two writes could find the second one half written. Within one
 * JVM the filling is serialised.
 */
final class LibraryVolume {

    /** Where a container sees the volume. */
    static final String MOUNT = "/sysfault/copied";
    static final String LABEL = "dev.sysfault.library";

    private static final String LIBRARY = "libsysfault.so";
    private static final String CONTENT = "sha256";
    private static final int LIBRARY_MODE = 0755;

    private final Path library;
    private final Optional<Path> loader;
    private final String hash;

    private LibraryVolume(Path library, Optional<Path> loader, String hash) {
        this.library = library;
        this.loader = loader;
        this.hash = hash;
    }

    /**
     * The volume for {@code library} and {@code loader} ({@code sysfault-exec}, if any), named by their SHA-256,
     * created (empty) in the engine unless it exists.
     */
    static LibraryVolume of(DockerClient docker, Path library, Optional<Path> loader) {
        List<Path> files = new ArrayList<>(List.of(library));
        loader.ifPresent(files::add);
        LibraryVolume volume = new LibraryVolume(library, loader, sha256(files));
        docker.createVolumeCmd().withName(volume.name()).withLabels(Map.of(LABEL, volume.hash)).exec();
        return volume;
    }

    String name() {
        return "sysfault-library-" + hash;
    }

    /** Where a container that mounts the volume at {@value #MOUNT} finds the library. */
    static String libraryPath() {
        return MOUNT + "/" + LIBRARY;
    }

    /** Where the same container finds {@code sysfault-exec}. */
    static String loaderPath() {
        return MOUNT + "/" + ProgramLoader.FILE_NAME;
    }

    /** The read-only mount for a container that runs commands. */
    Bind readOnlyMount() {
        return new Bind(name(), new Volume(MOUNT), AccessMode.ro);
    }

    /**
     * Copies the library into the volume unless {@code container}, which mounts it, shows it there already.
     *
     * @return whether it copied
     */
    boolean fill(ContainerState container, String image) {
        synchronized (LibraryVolume.class) {
            if (holdsLibrary(container)) {
                return false;
            }
            DockerClient docker = container.getDockerClient();
            String id = docker.createContainerCmd(image).withCmd("true").withLabels(Map.of(LABEL, hash))
                    .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(name(), new Volume(MOUNT))))
                    .exec().getId();
            try {
                ContainerState filler = new CreatedContainer(docker, id);
                filler.copyFileToContainer(MountableFile.forHostPath(library, LIBRARY_MODE), libraryPath());
                loader.ifPresent(file -> filler.copyFileToContainer(MountableFile.forHostPath(file, LIBRARY_MODE),
                        loaderPath()));
                filler.copyFileToContainer(Transferable.of(hash), MOUNT + "/" + CONTENT);
            } finally {
                docker.removeContainerCmd(id).withForce(true).exec();
            }
            return true;
        }
    }

    private boolean holdsLibrary(ContainerState container) {
        try {
            String named = container.copyFileFromContainer(MOUNT + "/" + CONTENT,
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return hash.equals(named);
        } catch (RuntimeException e) { // no such file: a new volume
            return false;
        }
    }

    private static String sha256(List<Path> files) {
        Path file = files.get(0);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path each : files) {
                file = each;
                try (InputStream in = Files.newInputStream(each)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** A container that was only created: enough of Testcontainers' view of one to copy files into it. */
    private record CreatedContainer(DockerClient docker, String id) implements ContainerState {

        @Override
        public DockerClient getDockerClient() {
            return docker;
        }

        @Override
        public String getContainerId() {
            return id;
        }

        @Override
        public InspectContainerResponse getContainerInfo() {
            return docker.inspectContainerCmd(id).exec();
        }

        @Override
        public List<Integer> getExposedPorts() {
            return List.of();
        }
    }
}
