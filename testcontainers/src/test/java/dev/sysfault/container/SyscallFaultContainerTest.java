// SyscallFaultContainer's own behaviour in one image: several commands, stdin, directory, environment, timeout, copies.
package dev.sysfault.container;

import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.async.ResultCallback;
import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.SyscallFaults;
import dev.sysfault.testsupport.NativeBuild;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@RequiresDocker
class SyscallFaultContainerTest {

    private static final String IMAGE = "sysfault/debian:bookworm";
    private static SyscallFaultContainer container;

    private static SyscallFaultContainer container() {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");
        if (container == null) {
            container = new SyscallFaultContainer(IMAGE).withLibrary(NativeBuild.library());
        }
        return container;
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.stop();
        }
    }

    @Test
    void runsShareTheContainer() {
        ProcessResult first = container().run(SyscallFaults.command("sh", "-c", "echo one > /tmp/shared"));
        ProcessResult second = container().run(SyscallFaults.command("cat", "/tmp/shared"));

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.stdout()).as(second.toString()).isEqualTo("one\n");
    }

    @Test
    void onALocalEngineTheLibraryIsMountedReadOnly() throws Exception {
        assumeTrue(DockerEngine.isLocal(), "the engine at " + DockerEngine.dockerHost() + " is elsewhere: it gets copies"
                + " (RemoteEngineTest)");
        container().start();
        assertThat(container().fileSharing()).isEqualTo(FileSharing.BIND);
        var write = container().execInContainer("sh", "-c", "echo x >> " + SyscallFaultContainer.LIBRARY_PATH);
        assertThat(write.getExitCode()).as("writing to the mounted library").isNotZero();
    }

    @Test
    void stdinDirectoryAndEnvironmentReachTheCommand() {
        try (ProcessResult r = container().run(SyscallFaults.command("sh", "-c", "cat; pwd; echo $GREETING")
                .stdin("from stdin\n").directory(Path.of("/usr/share")).env("GREETING", "hello"))) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).as(r.toString()).isEqualTo("from stdin\n/usr/share\nhello\n");
        }
    }

    @Test
    void commandsRunAtOnceWithTheirOwnRulesAndTraces() {
        SyscallFaultContainer c = container();
        c.start();
        CompletableFuture<ProcessResult> failing = CompletableFuture.supplyAsync(() -> c.run(
                SyscallFaults.command("ls", "/").inject(Fault.on("getdents64").fail(Errno.ENOTSUP))
                        .trace(TraceOptions.all())));
        CompletableFuture<ProcessResult> plain = CompletableFuture.supplyAsync(() -> c.run(
                SyscallFaults.command("ls", "/").trace(TraceOptions.all())));

        assertThat(failing.join().exitCode()).as(failing.join().toString()).isEqualTo(2);
        assertThat(failing.join().trace()).syscall("getdents64").wasInjected().atLeastOnce();
        assertThat(plain.join().exitCode()).as(plain.join().toString()).isZero();
        assertThat(plain.join().stdout()).contains("sysfault\n");
        assertThat(plain.join().trace()).syscall("getdents64").notInjected().atLeastOnce();
    }

    @Test
    void theTimeoutKillsTheCommandAndWhatItStarted() {
        try (ProcessResult r = container().run(SyscallFaults.command("sh", "-c", "sleep 600 & sleep 600; echo late")
                .timeout(Duration.ofSeconds(1)))) {
            assertThat(r.timedOut()).as(r.toString()).isTrue();
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(137);
            // the sleeps would have run for ten minutes: a bound no busy machine reaches
            assertThat(r.duration()).isLessThan(Duration.ofMinutes(5));
            assertThat(r.stdout()).isEmpty();
        }
        assertThat(runningSleeps(container())).as("sleeps still running: only the main one").isEqualTo(1);
    }

    /** Where the engine's processes are not visible (a remote engine), the timeout kills from inside. */
    @Test
    void aCommandAndWhatItStartedCanBeKilledFromInsideTheContainer() throws Exception {
        SyscallFaultContainer c = container();
        c.start();
        String victim = c.getDockerClient().execCreateCmd(c.getContainerId())
                .withCmd("sh", "-c", "sleep 600 & sleep 600").withEnv(List.of(ContainerExec.RUN_VARIABLE + "=victim"))
                .exec().getId();
        c.getDockerClient().execStartCmd(victim).withDetach(true).exec(new ResultCallback.Adapter<>())
                .awaitCompletion();
        // minutes, not the two seconds this took unloaded: every look is a container exec, slow on a busy machine
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (runningSleeps(c) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(runningSleeps(c)).as("the main sleep and the victim's two").isEqualTo(3);

        ContainerExec.killInside(c.getDockerClient(), c.getContainerId(), "victim");

        assertThat(runningSleeps(c)).as("only the main sleep").isEqualTo(1);
        await().atMost(Duration.ofMinutes(3)).until(() -> !c.getDockerClient().inspectExecCmd(victim).exec().isRunning());
    }

    private static long runningSleeps(SyscallFaultContainer c) {
        try (ProcessResult ps = c.run(SyscallFaults.command("sh", "-c",
                "for p in /proc/[0-9]*; do cat $p/stat; echo; done"))) {
            return ps.stdout().lines().filter(line -> line.contains(" (sleep) ") && !line.contains(") Z ")).count();
        }
    }

    @Test
    void whatTheContainerCannotDoIsRefusedWithTheReason() {
        assertThatThrownBy(() -> container().run(SyscallFaults.command("no-such-program")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot start [no-such-program]")
                .hasMessageContaining("executable file not found");
        assertThatThrownBy(() -> container().run(SyscallFaults.command("true").inheritIO()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inheritIO()");
        assertThatThrownBy(() -> container().run(SyscallFaults.command("true").library(Path.of("/elsewhere.so"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("withLibrary");
        try (SyscallFaultContainer missing = new SyscallFaultContainer("sysfault/debian:no-such-suite")) {
            assertThatThrownBy(missing::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ci/make-images");
        }
    }

    /** What an engine on another machine gets: copies in and out, the same result. */
    @Test
    void copiesInsteadOfMountsGiveTheSameResult() {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");
        try (SyscallFaultContainer copying = new SyscallFaultContainer(IMAGE).withLibrary(NativeBuild.library())
                .withFileSharing(FileSharing.COPY).withHostFiles(NativeBuild.portablePrograms(), "/programs")) {
            try (ProcessResult ls = copying.run(SyscallFaults.command("ls", "/")
                    .inject(Fault.on("getdents64").fail(Errno.ENOTSUP)).trace(TraceOptions.all()))) {
                assertThat(copying.fileSharing()).isEqualTo(FileSharing.COPY);
                assertThat(copying.libraryPathInContainer()).isNotEqualTo(SyscallFaultContainer.LIBRARY_PATH);
                assertThat(ls.exitCode()).as(ls.toString()).isEqualTo(2);
                assertThat(ls.trace()).syscall("getdents64").wasInjected().failedWith(Errno.ENOTSUP).atLeastOnce();
                assertThat(ls.ruleCounters().fired(0)).isPositive();
            }
            try (ProcessResult version = copying.run(SyscallFaults.command(List.of("/programs/libc_version")))) {
                assertThat(version.stdout()).as(version.toString()).isEqualTo("2.36\n");
            }
        }
    }
}
