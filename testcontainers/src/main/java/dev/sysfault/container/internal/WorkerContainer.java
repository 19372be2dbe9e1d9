// The container a worker JVM runs in: the image, with the class path, the library and the worker's files mounted.
package dev.sysfault.container.internal;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Files are mounted at the paths they have here, so the worker's command line is the same as on this machine
 * (the image's {@code java} aside). The mounts are set on the create command itself: Testcontainers'
 * {@code withFileSystemBind} first runs an {@code alpine} container, a pull that hangs where no registry answers.
 * The main process is {@code sleep infinity} under Docker's init, which reaps what the worker leaves.
 */
final class WorkerContainer extends GenericContainer<WorkerContainer> {

    WorkerContainer(String image, Collection<Path> readOnly, Path readWrite) {
        super(DockerImageName.parse(image));
        List<Bind> binds = new ArrayList<>();
        for (Path file : readOnly) {
            binds.add(new Bind(file.toString(), new Volume(file.toString()), AccessMode.ro));
        }
        binds.add(new Bind(readWrite.toString(), new Volume(readWrite.toString()), AccessMode.rw));
        withCommand("sleep", "infinity");
        // linux/amd64: libsysfault.so is built for x86-64; an engine on another platform says so at once.
        withCreateContainerCmdModifier(create -> create.withPlatform("linux/amd64").getHostConfig().withInit(true)
                .withBinds(binds));
    }
}
