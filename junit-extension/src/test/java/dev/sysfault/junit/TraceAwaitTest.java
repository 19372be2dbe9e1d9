// Waiting on a live trace: a running program's connect is seen while it runs; a timeout or an exit says what was missing.
package dev.sysfault.junit;

import static dev.sysfault.junit.SyscallSelection.syscall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.RunningProgram;
import dev.sysfault.testsupport.NativeBuild;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waits for calls that do come are bounded by minutes, which no machine needs: only a missing call reaches them. */
class TraceAwaitTest {

    private static final Duration LONGER_THAN_ANY_MACHINE_NEEDS = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    @Test
    void untilSyscallReturnsTheConnectWhileTheProgramStillRuns() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();
            try (RunningProgram program = NativeBuild.traced(TraceOptions.all(), NativeBuild.program("trace_connect"),
                    Integer.toString(server.getLocalPort()), "300").start()) {
                SyscallTrace trace = program.trace();

                SyscallEvent connect = TraceAwait.await(trace).atMost(LONGER_THAN_ANY_MACHINE_NEEDS)
                        .whileAlive(program.toHandle()).untilSyscall("connect");

                long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat(program.isAlive()).as("the program waits for the server's byte").isTrue();
                assertThat(connect.pid()).isEqualTo((int) program.pid());
                assertThat(connect.succeeded()).as("%s", connect).isTrue();
                assertThat(waitedMillis).as("the program sleeps 300 ms first").isGreaterThanOrEqualTo(300);

                try (Socket accepted = server.accept()) {
                    accepted.getOutputStream().write('!');
                }
                ProcessResult result = program.await();
                assertThat(result.exitCode()).as(result.toString()).isZero();
                SyscallTraceAssertions.assertThat(trace).syscall("connect").happenedBefore(syscall("read")
                        .withFd((int) connect.arg(0)).withResult(1));
            }
        }
    }

    @Test
    void untilASelectionWaitsForItsCount() throws IOException {
        Path file = tmp.resolve("growing.trace");
        TestRecorder recorder = TestRecorder.create(file, TraceOptions.all().capacity(64));
        SyscallTrace trace = SyscallTrace.open(file);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                sleep(50);
                recorder.record("fsync").args(7).write();
            }
        });
        writer.start();

        assertThat(TraceAwait.await(trace).atMost(LONGER_THAN_ANY_MACHINE_NEEDS).until(syscall("fsync").withFd(7), 3))
                .hasSize(3);
    }

    @Test
    void aTimeoutFailsWithTheExpectedCallAndTheNearestOnes() throws IOException {
        Path file = tmp.resolve("quiet.trace");
        TestRecorder recorder = TestRecorder.create(file, TraceOptions.all().capacity(16));
        recorder.record("connect").args(3).errno(111).write();
        SyscallTrace trace = SyscallTrace.open(file);

        assertThatThrownBy(() -> TraceAwait.await(trace).atMost(200, TimeUnit.MILLISECONDS)
                .until(syscall("connect").succeeded()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Waited 200 ms in vain: Expecting at least 1 call of\n  connect(…) = (success)\n")
                .hasMessageContaining("  [pid   100] connect(3, ")
                .hasMessageContaining("ECONNREFUSED")
                .hasMessageContaining("(missed: succeeded)");
    }

    @Test
    void aProgramThatExitedWithoutTheCallFailsAtOnceNotAtTheTimeout() throws IOException {
        try (RunningProgram program = NativeBuild.traced(TraceOptions.all(), Path.of("/bin/true")).start()) {
            program.await();
            SyscallTrace trace = program.trace();
            long started = System.nanoTime();

            assertThatThrownBy(() -> TraceAwait.await(trace).atMost(Duration.ofMinutes(10))
                    .whileAlive(program.toHandle()).untilSyscall("connect"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("after process " + program.pid() + " exited")
                    .hasMessageContaining("Expecting at least 1 call of\n  connect(…)");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("well before the timeout")
                    .isLessThan(Duration.ofMinutes(5));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
