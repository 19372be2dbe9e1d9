// Started programs: servers awaited through their live trace, output as it comes, stop() and timeouts that kill the tree.
package dev.sysfault.run;

import static dev.sysfault.junit.SyscallSelection.syscall;
import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.junit.TraceAwait;
import dev.sysfault.testsupport.InstalledPrograms;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Waits for what does happen are bounded by minutes, which no machine needs, and the programs that must be stopped
 * sleep for ten minutes: a busy machine cannot change an outcome.
 */
class RunningProgramTest {

    private static final Duration LONGER_THAN_ANY_MACHINE_NEEDS = Duration.ofMinutes(3);

    @Test
    void pythonHttpServerIsAwaitedThroughItsTraceThenStopped() throws Exception {
        assumeThat(InstalledPrograms.onPath("python3")).as("python3 is installed").isTrue();
        int port = freePort();
        try (RunningProgram server = SyscallFaults.command("python3", "-m", "http.server", "--bind", "127.0.0.1",
                Integer.toString(port)).trace(TraceOptions.all()).start()) {
            SyscallEvent listen = TraceAwait.await(server.trace()).atMost(LONGER_THAN_ANY_MACHINE_NEEDS)
                    .whileAlive(server.toHandle()).untilSyscall("listen");
            assertThat(listen.result()).isZero();

            String response;
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = client.getOutputStream();
                out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                response = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            assertThat(response).startsWith("HTTP/1.0 200 OK");
            TraceAwait.await(server.trace()).atMost(LONGER_THAN_ANY_MACHINE_NEEDS).until(syscall("accept4").succeeded());

            ProcessResult result = server.stop();
            assertThat(server.isAlive()).isFalse();
            assertThat(result.timedOut()).isFalse();
            assertThat(result.stderr()).as(result.toString()).contains("\"GET / HTTP/1.0\" 200");
            assertThat(result.trace()).syscall("bind").succeeded().once();
            assertThat(result.trace()).syscall("accept4").succeeded().atLeastOnce()
                    .happenedAfter(syscall("listen"));
            assertThat(server.stop()).isSameAs(result);
        }
    }

    @Test
    void javaServerIsAwaitedThroughItsTraceThenStopped() throws Exception {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(dev.sysfault.run.programs.LineServer.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toString();
        try (RunningProgram server = SyscallFaults.command(java, "-Xshare:auto", "-cp", classes,
                dev.sysfault.run.programs.LineServer.class.getName(), Integer.toString(port))
                .trace(TraceOptions.syscalls("bind", "listen", "accept", "accept4", "connect")).start()) {
            TraceAwait.await(server.trace()).atMost(LONGER_THAN_ANY_MACHINE_NEEDS).whileAlive(server.toHandle())
                    .untilSyscall("listen");
            // listen comes before the line that says so
            await().atMost(LONGER_THAN_ANY_MACHINE_NEEDS)
                    .until(() -> server.stdoutSoFar().equals("listening on " + port + "\n"));

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                    PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8);
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
                out.println("hello");
                assertThat(in.readLine()).isEqualTo("got hello");
            }

            ProcessResult result = server.stop();
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(143); // SIGTERM
            assertThat(result.trace()).calls(syscall("accept", "accept4").succeeded()).once();
        }
    }

    @Test
    void outputCanBeReadWhileTheProgramRuns() {
        try (RunningProgram program = SyscallFaults.command("sh", "-c", "echo ready; echo warming >&2; exec sleep 600")
                .start()) {
            await().atMost(LONGER_THAN_ANY_MACHINE_NEEDS).until(() -> program.stdoutSoFar().equals("ready\n"));
            assertThat(program.stderrSoFar()).isEqualTo("warming\n");
            assertThat(program.isAlive()).isTrue();
            ProcessResult result = program.stop();
            assertThat(result.exitCode()).isEqualTo(143);
            assertThat(result.stdout()).isEqualTo("ready\n");
        }
    }

    @Test
    void stopLetsTheProgramHandleSigterm() {
        try (RunningProgram program = SyscallFaults.command("sh", "-c",
                "trap 'echo terminated; exit 5' TERM; echo up; while :; do sleep 0.1; done").start()) {
            await().atMost(LONGER_THAN_ANY_MACHINE_NEEDS).until(() -> program.stdoutSoFar().equals("up\n"));
            ProcessResult result = program.stop();
            // its own status: it ended within the grace, before stop() would have killed it (137)
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
            assertThat(result.stdout()).isEqualTo("up\nterminated\n");
        }
    }

    @Test
    void stopKillsWhatIgnoresSigterm() {
        // an ignored signal stays ignored across fork and exec: sleep ignores SIGTERM too
        try (RunningProgram program = SyscallFaults.command("sh", "-c", "trap '' TERM; echo up; sleep 600; echo woke")
                .start()) {
            await().atMost(LONGER_THAN_ANY_MACHINE_NEEDS).until(() -> program.stdoutSoFar().equals("up\n"));
            List<ProcessHandle> tree = descendantsAndSelf(program.toHandle());
            ProcessResult result = program.stop();
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(137);
            assertThat(result.stdout()).isEqualTo("up\n");
            assertAllExit(tree);
        }
    }

    @Test
    void aTimeoutKillsSleep() {
        long start = System.nanoTime();
        try (ProcessResult result = SyscallFaults.command("sleep", "600").timeout(Duration.ofMillis(500)).run()) {
            assertThat(result.timedOut()).isTrue();
            assertThat(result.exitCode()).isEqualTo(137);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well before sleep would have ended")
                    .isLessThan(Duration.ofMinutes(5));
            assertThat(result.toString()).contains("killed after the timeout of 500 ms");
        }
    }

    @Test
    void aTimeoutKillsWhatTheProgramStarted() {
        try (RunningProgram program = SyscallFaults.command("sh", "-c", "sleep 600 & sleep 601 & echo started; wait")
                .start()) {
            await().atMost(LONGER_THAN_ANY_MACHINE_NEEDS).until(() -> program.toHandle().children().count() == 2
                    && program.stdoutSoFar().equals("started\n"));
            List<ProcessHandle> tree = descendantsAndSelf(program.toHandle());
            assertThat(tree).hasSize(3);
            ProcessResult result = program.await(Duration.ofMillis(200));
            assertThat(result.timedOut()).isTrue();
            assertAllExit(tree);
            assertThat(program.await()).isSameAs(result);
        }
    }

    @Test
    void awaitReturnsTheResultOfAProgramThatEnds() {
        try (RunningProgram program = SyscallFaults.command("sh", "-c", "sleep 0.2; echo done; exit 4")
                .trace(TraceOptions.all()).start()) {
            ProcessResult result = program.await(LONGER_THAN_ANY_MACHINE_NEEDS);
            assertThat(result.timedOut()).isFalse();
            assertThat(result.exitCode()).isEqualTo(4);
            assertThat(result.stdout()).isEqualTo("done\n");
            assertThat(result.trace()).syscall("wait4").atLeastOnce();
            assertThat(program.stop()).isSameAs(result);
        }
    }

    @Test
    void anInterruptedRunKillsTheProgram() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Path marker = java.nio.file.Files.createTempFile("sysfault-interrupt-", ".pid");
        Thread runner = new Thread(() -> {
            try {
                SyscallFaults.command("sh", "-c", "echo $$ > " + marker + "; exec sleep 600").run();
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        runner.start();
        await().atMost(LONGER_THAN_ANY_MACHINE_NEEDS).until(() -> java.nio.file.Files.size(marker) > 0);
        long pid = Long.parseLong(java.nio.file.Files.readString(marker).trim());
        runner.interrupt();
        runner.join(LONGER_THAN_ANY_MACHINE_NEEDS.toMillis());
        java.nio.file.Files.delete(marker);
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("interrupted");
        assertThat(stillInterrupted).isTrue();
        assertThat(ProcessHandle.of(pid)).isEmpty();
    }

    @Test
    void aTimeoutOfCenturiesIsAsGoodAsNone() {
        try (ProcessResult r = SyscallFaults.command("true").timeout(Duration.ofDays(365L * 1000)).run()) {
            assertThat(r.exitCode()).isZero();
        }
    }

    private static List<ProcessHandle> descendantsAndSelf(ProcessHandle root) {
        List<ProcessHandle> all = new java.util.ArrayList<>(List.of(root));
        root.descendants().forEach(all::add);
        return all;
    }

    private static void assertAllExit(List<ProcessHandle> processes) {
        await().atMost(LONGER_THAN_ANY_MACHINE_NEEDS)
                .untilAsserted(() -> assertThat(processes).allMatch(ProcessTree::exited));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
