// The container a worker JVM runs in: the image, the engine's copies of the worker's files, the worker's port.
package dev.sysfault.container.internal;

import dev.sysfault.worker.internal.RemoteStart;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Nothing of this machine is mounted: the class path and the library are in the engine's volume
 * ({@link EngineFiles}), mounted read-only, and the worker's directory is the container's own. The worker listens
 * on {@link RemoteStart#PORT}, which the engine publishes; the container counts as started before the worker
 * listens (the parent connects until it does). The main process is {@code sleep infinity} under Docker's init,
 * which reaps what the worker leaves, and which keeps the container, and so the worker's files, after the worker
 * died. Mounts are set on the create command itself: Testcontainers' {@code withFileSystemBind} first runs an
 * {@code alpine} container, a pull that hangs where no registry answers.
 */
final class WorkerContainer extends GenericContainer<WorkerContainer> {

    WorkerContainer(String image) {
        super(DockerImageName.parse(image));
        withCommand("sleep", "infinity");
        withExposedPorts(RemoteStart.PORT);
        waitingFor(new AbstractWaitStrategy() {
            @Override
            protected void waitUntilReady() {
                // the worker starts by exec once the container runs
            }
        });
        // linux/amd64: libsysfault.so is built for x86-64; an engine on another platform says so at once.
        withCreateContainerCmdModifier(create -> create.withPlatform("linux/amd64").getHostConfig().withInit(true)
                .withBinds(EngineFiles.mount()));
    }
}
