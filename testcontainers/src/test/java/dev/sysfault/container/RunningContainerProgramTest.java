// A command started in a container is watched through its live trace while it runs, on any engine, as on the host.
package dev.sysfault.container;

import static dev.sysfault.junit.SyscallSelection.syscall;
import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.junit.TraceAwait;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.SyscallFaults;
import dev.sysfault.testsupport.NativeBuild;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.images.builder.Transferable;

/**
 * The programs never end by themselves ({@code sleep} at the end), so whatever the waits see was recorded, and
 * copied, while they ran. {@link FileSharing#AUTO} is what the engine gives (mounts here, copies on the rig); {@link FileSharing#COPY}
 * copies on any engine, so the local run checks the copied trace too.
 */
@RequiresDocker
class RunningContainerProgramTest {

    private static final String IMAGE = "sysfault/debian:bookworm";
    /** A bound for waits on a program that does what is awaited at once: it fails a broken trace, it measures nothing. */
    private static final Duration AT_MOST = Duration.ofSeconds(60);

    private static SyscallFaultContainer container(FileSharing sharing) {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");
        return new SyscallFaultContainer(IMAGE).withLibrary(NativeBuild.library()).withFileSharing(sharing);
    }

    @ParameterizedTest
    @EnumSource(value = FileSharing.class, names = {"AUTO", "COPY"})
    void theTraceOfARunningProgramIsAwaitedThenTheProgramIsStopped(FileSharing sharing) {
        try (var container = container(sharing);
                RunningContainerProgram program = container.start(SyscallFaults.command("sh", "-c",
                        "cat /etc/os-release; exec sleep 100000").trace(TraceOptions.all()))) {
            TraceAwait.await(program.trace()).atMost(AT_MOST).whileAlive(program.toHandle())
                    .until(syscall("openat").withPath("/etc/os-release"));

            assertThat(program.isAlive()).isTrue();
            assertThat(program.toHandle().isAlive()).isTrue();
            assertThat(program.stdoutSoFar()).contains("bookworm");

            ProcessResult result = program.stop();
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(128 + 15);
            assertThat(program.isAlive()).isFalse();
            assertThat(program.toHandle().onExit()).isDone();
            // sh's calls and cat's, which sh started: the trace follows the program's children. (Not sleep's
            // PATH search, whose failed execves may come after the stop; a successful execve is not recorded.)
            assertThat(result.trace()).syscall("openat").withPath("/etc/os-release").atLeast(1);
            assertThat(result.trace().events().stream().map(SyscallEvent::pid).distinct().count())
                    .as("processes in the trace").isGreaterThanOrEqualTo(2);
            assertThat(result.stdout()).contains("bookworm");
        }
    }

    @ParameterizedTest
    @EnumSource(value = FileSharing.class, names = {"AUTO", "COPY"})
    void aFaultThatFiredInARunningProgramIsCountedAndTraced(FileSharing sharing) {
        try (var container = container(sharing);
                RunningContainerProgram program = container.start(SyscallFaults.command("sh", "-c",
                        "ls / ; exec sleep 100000").inject(Fault.on("getdents64").fail(Errno.ENOTSUP))
                        .trace(TraceOptions.all()))) {
            TraceAwait.await(program.trace()).atMost(AT_MOST).whileAlive(program.toHandle())
                    .until(syscall("getdents64").wasInjected());

            assertThat(program.ruleCounters().fired(0)).isPositive();
            assertThat(program.stderrSoFar()).contains("Operation not supported");
            assertThat(program.isAlive()).isTrue();
        }
    }

    @Test
    void inAnImageWithoutHeadTheWholeTraceIsCopied() {
        // No program is found by name in this container, head included: the commands name theirs by path, and the
        // program ends when the test puts a file in its way (through the engine's archive API, which needs none).
        try (var container = container(FileSharing.COPY).withEnv("PATH", "/no-programs-here")
                .withCommand("/bin/sleep", "infinity");
                RunningContainerProgram program = container.start(SyscallFaults.command("/bin/sh", "-c",
                        "/bin/cat /etc/os-release; while [ ! -e /tmp/go ]; do /bin/sleep 0.1; done")
                        .trace(TraceOptions.all()))) {
            TraceAwait.await(program.trace()).atMost(AT_MOST).whileAlive(program.toHandle())
                    .until(syscall("openat").withPath("/etc/os-release"));
            assertThat(program.isAlive()).isTrue();

            container.copyFileToContainer(Transferable.of("go"), "/tmp/go");
            ProcessResult result = program.await(AT_MOST);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.trace()).syscall("newfstatat", "stat").withPath("/tmp/go").atLeastOnce();
        }
    }
}
