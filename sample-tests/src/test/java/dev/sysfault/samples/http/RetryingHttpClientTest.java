// The client against a local server: refused and slow connections are retried, and it gives up in bounded time.
package dev.sysfault.samples.http;

import static dev.sysfault.junit.SyscallSelection.syscall;
import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.junit.InjectSyscallFault;
import dev.sysfault.junit.TraceAwait;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryingHttpClientTest {

    StatusServer server;
    RetryingHttpClient client = new RetryingHttpClient(3, Duration.ofMillis(500), Duration.ofMillis(50));

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
        RetryingHttpClient patient = new RetryingHttpClient(3, Duration.ofSeconds(5), Duration.ofMillis(50));
        long start = System.nanoTime();

        assertThat(patient.get(server.statusUri())).isEqualTo("ok");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(server.requests()).isEqualTo(1);
        assertThat(trace).syscall("connect").once();
        assertThat(trace).syscall("connect").wasInjected().once();
    }

    @Test
    @InjectSyscallFault(syscall = "connect", delay = "2s")
    void givesUpOnAHangingConnectAfterThreeShortAttempts(SyscallTrace trace) {
        long start = System.nanoTime();

        ServiceUnavailableException e = catchThrowableOfType(ServiceUnavailableException.class,
                () -> client.get(server.statusUri()));

        // Waiting out each connect would take 3 x 2 s; three attempts of 500 ms take 1.6 s.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(e.failures()).containsExactly(
                "no answer within 500 ms", "no answer within 500 ms", "no answer within 500 ms");
        // Each attempt's connect stays asleep for its 2 s; it is recorded when it returns.
        TraceAwait.await(trace).atMost(Duration.ofSeconds(10)).until(syscall("connect").wasInjected(), 3);
        assertThat(trace).syscall("connect").wasInjected().times(3);
    }
}
