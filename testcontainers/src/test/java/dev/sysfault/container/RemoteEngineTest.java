// Against an engine that shares no files (ci/docker-engine-remote): a bind mount shows nothing, copies do the work.
package dev.sysfault.container;

import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.SyscallFaults;
import dev.sysfault.testsupport.NativeBuild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs only where {@code DOCKER_HOST} is not a local socket; {@code ci/test} runs it against the rig. Its first
 * test is what makes the rig's other results mean something: a container there that mounts this project's
 * folder sees it empty, so a test that passes there needed no file of this machine.
 */
@RequiresDocker
class RemoteEngineTest {

    private static final String IMAGE = "sysfault/debian:bookworm";
    private static final String HOST_FOLDER = "/host-folder";

    @BeforeEach
    void onlyOnAnEngineElsewhere() {
        assumeFalse(DockerEngine.isLocal(), "the engine at " + DockerEngine.dockerHost() + " is local;"
                + " `eval $(ci/docker-engine-remote env)` points the tests at the remote rig");
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not loaded; ci/docker-engine-remote start loads it");
    }

    @Test
    void aContainerThatMountsTheProjectSeesAnEmptyFolder() throws Exception {
        // A new folder in the project, with a file: folders that other containers mounted earlier exist, empty, in
        // the rig's namespace (the engine makes a missing mount source), this one cannot.
        Path project = Files.createDirectories(Path.of("target", "remote-engine-test", UUID.randomUUID().toString()))
                .toAbsolutePath();
        Files.writeString(project.resolve("here"), "a file of this machine");
        try (var container = new SyscallFaultContainer(IMAGE).withLibrary(NativeBuild.library())
                .withCreateContainerCmdModifier(create -> {
                    List<Bind> binds = new ArrayList<>(List.of(create.getHostConfig().getBinds()));
                    binds.add(new Bind(project.toString(), new Volume(HOST_FOLDER), AccessMode.ro));
                    create.getHostConfig().withBinds(binds);
                })) {
            try (ProcessResult listing = container.run(SyscallFaults.command("ls", "-A", HOST_FOLDER))) {
                assertThat(listing.exitCode()).as(listing.toString()).isZero();
                assertThat(listing.stdout()).as("what the container sees of " + project).isEmpty();
                assertThat(container.fileSharing()).isEqualTo(FileSharing.COPY);
            }
        }
    }

    @Test
    void faultsAndTheTraceWorkByCopies() {
        try (var container = new SyscallFaultContainer(IMAGE).withLibrary(NativeBuild.library());
                ProcessResult r = container.run(SyscallFaults.command("ls", "/")
                        .inject(Fault.on("getdents64").fail(Errno.ENOTSUP)).trace(TraceOptions.all()))) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.stderr()).contains("Operation not supported");
            assertThat(r.trace()).syscall("getdents64").wasInjected().atLeastOnce();
        }
    }

    @Test
    void askingForMountsSaysTheEngineCannotSeeThisMachinesFiles() {
        try (var container = new SyscallFaultContainer(IMAGE).withLibrary(NativeBuild.library())
                .withFileSharing(FileSharing.BIND)) {
            assertThatThrownBy(container::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not show this machine's files")
                    .hasMessageContaining("withFileSharing(FileSharing.COPY)");
        }
    }
}
