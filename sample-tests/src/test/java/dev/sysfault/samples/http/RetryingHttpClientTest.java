// The client against a local server: refused and slow connections are retried, and a hanging one is given up on.
package dev.sysfault.samples.http;

import static dev.sysfault.junit.SyscallSelection.syscall;
import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.junit.InjectSyscallFault;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No outcome here depends on how fast the machine is. Where an attempt must succeed, its timeout is minutes, which
 * only a hang outlasts (a loaded machine once took more than 500 ms to answer, and the client retried). Where an
 * attempt must time out, its connect sleeps for ten minutes, far longer than any attempt's short timeout.
 */
class RetryingHttpClientTest {

    /** Longer than a local answer takes on any machine, however busy. */
    static final Duration PATIENT = Duration.ofMinutes(5);

    StatusServer server;
    RetryingHttpClient client = new RetryingHttpClient(3, PATIENT, Duration.ofMillis(50));

    @BeforeEach
    void startServer() throws IOException {
        server = new StatusServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void getsTheBody() throws Exception {
        assertThat(client.get(server.statusUri())).isEqualTo("ok");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void retriesWhileTheServerIsBusy() throws Exception {
        server.failNext(2);

        assertThat(client.get(server.statusUri())).isEqualTo("ok");
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    @InjectSyscallFault(syscall = "connect", errno = "ECONNREFUSED", times = 2)
    void retriesARefusedConnection(SyscallTrace trace) throws Exception {
        assertThat(client.get(server.statusUri())).isEqualTo("ok");

        assertThat(server.requests()).isEqualTo(1);
        assertThat(trace).syscall("connect").wasInjected().failedWith(Errno.ECONNREFUSED).times(2);
        assertThat(trace).syscall("connect").notInjected().once()
                .happenedAfter(syscall("connect").wasInjected());
    }

    @Test
    @InjectSyscallFault(syscall = "connect", errno = "ECONNREFUSED")
    void givesUpAfterThreeRefusedAttempts(SyscallTrace trace) {
        ServiceUnavailableException e = catchThrowableOfType(ServiceUnavailableException.class,
                () -> client.get(server.statusUri()));

        assertThat(e.failures()).hasSize(3).allSatisfy(f -> assertThat(f).contains("Connection refused"));
        assertThat(server.requests()).isZero();
        // At least one connect per attempt: the JDK's HttpClient also retries a refused connect once by itself.
        assertThat(trace).syscall("connect").failedWith(Errno.ECONNREFUSED).atLeast(3);
        assertThat(trace).syscall("connect").notInjected().never();
    }

    @Test
    @InjectSyscallFault(syscall = "connect", delay = "1s", times = 1)
    void waitsForASlowConnectWithinTheTimeoutInsteadOfRetrying(SyscallTrace trace) throws Exception {
        long start = System.nanoTime();

        assertThat(client.get(server.statusUri())).isEqualTo("ok");

        // A lower bound that the injected sleep guarantees, not a margin: no machine is too slow for it.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(server.requests()).isEqualTo(1);
        assertThat(trace).syscall("connect").once();
        assertThat(trace).syscall("connect").wasInjected().once();
    }

    @Test
    @InjectSyscallFault(syscall = "connect", delay = "600s")
    void givesUpOnAHangingConnectAfterThreeShortAttempts(SyscallTrace trace) {
        RetryingHttpClient impatient = new RetryingHttpClient(3, Duration.ofMillis(100), Duration.ofMillis(50));

        ServiceUnavailableException e = catchThrowableOfType(ServiceUnavailableException.class,
                () -> impatient.get(server.statusUri()));

        assertThat(e.failures()).containsExactly(
                "no answer within 100 ms", "no answer within 100 ms", "no answer within 100 ms");
        assertThat(server.requests()).isZero();
        // A delayed call is recorded as its delay begins, unfinished: the client gave up while every connect was still
        // asleep, and did not wait one out. (The worker JVM ends after the class, sleeping connects and all.)
        assertThat(trace).syscall("connect").times(3);
        assertThat(trace).syscall("connect").succeeded().never();
        assertThat(trace).syscall("connect").failed().never();
    }
}
