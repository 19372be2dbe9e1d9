// A black-holed peer: the program's own timeouts fire, for blocking and non-blocking sockets, in C and in Java.
package dev.sysfault.run;

import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.SyscallTable;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.programs.ConnectWithTimeout;
import dev.sysfault.testsupport.NativeBuild;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlackholedPeerTest {

    /**
     * Each mode waits with its own 50 ms timeout or is interrupted by its own SIGALRM (blackhole_peer.c); without
     * the fault each call succeeds.
     */
    @ParameterizedTest(name = "{0} under {1}")
    @CsvSource(delimiter = '|', textBlock = """
            connect-sndtimeo | connect:blackhole  | connect = -1 EINPROGRESS
            connect-poll     | connect:blackhole  | connect = -1 EINPROGRESS\\npoll = 0
            connect-epoll    | connect:blackhole  | connect = -1 EINPROGRESS\\nepoll_wait = 0
            read-rcvtimeo    | read:blackhole     | read = -1 EAGAIN
            recv-dontwait    | recvfrom:blackhole | recv = -1 EAGAIN
            connect-poll     | poll:blackhole     | connect = -1 EINPROGRESS\\npoll = 0
            connect-signal   | connect:blackhole  | connect = -1 EINTR
            read-signal      | read:blackhole     | read = -1 EINTR
            select           | connect:blackhole  | connect = -1 EINPROGRESS\\nselect = 0\\nFD_ISSET = 0
            select           | select:blackhole   | connect = -1 EINPROGRESS\\nselect = 0\\nFD_ISSET = 0
            """)
    void theProgramsOwnTimeoutEndsTheWait(String mode, String spec, String expected) {
        Fault fault = Fault.parse(spec);
        try (ProcessResult r = SyscallFaults.command(NativeBuild.program("blackhole_peer").toString(), mode)
                .inject(fault)
                .trace(TraceOptions.all())
                .run()) {
            assertThat(r.stdout()).as(r.toString()).isEqualTo(expected.replace("\\n", "\n") + "\n");
            assertThat(r.exitCode()).isZero();
            // select also names pselect6, which glibc calls for it
            String[] names = fault.syscalls().stream()
                    .map(n -> SyscallTable.byNumber(n).orElseThrow().name()).toArray(String[]::new);
            assertThat(r.trace()).syscall(names).wasInjected().once();
        }
    }

    /** A bad pointer gets the kernel's EFAULT from a blackhole too, never a crash inside the hook. */
    @Test
    void badPointersGetEfaultNotACrash() {
        try (ProcessResult r = SyscallFaults.command(NativeBuild.program("blackhole_peer").toString(), "bad-pointers")
                .inject(Fault.parse("connect,select,epoll_pwait2:blackhole"))
                .trace(TraceOptions.all())
                .run()) {
            assertThat(r.stdout()).as(r.toString())
                    .isEqualTo("connect = -1 EFAULT\nselect = -1 EFAULT\nepoll_pwait2 = -1 EFAULT\n");
            assertThat(r.exitCode()).isZero();
            assertThat(r.trace()).syscall("connect", "pselect6", "epoll_pwait2").wasInjected().times(3);
        }
    }

    /** The JDK's own connect timeouts: Socket.connect(address, 200) and HttpClient's connectTimeout(200 ms). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            socket | java.net.SocketTimeoutException: Connect timed out
            http   | java.net.http.HttpConnectTimeoutException: HTTP connect timed out
            """)
    void aJavaClientTimesOutConnectingToALocalServer(String client, String expected) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(ConnectWithTimeout.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        try (ProcessResult r = SyscallFaults.command(java, "-Xshare:auto", "-cp", classes,
                        ConnectWithTimeout.class.getName(), client)
                .inject(Fault.on("connect").blackhole())
                .trace(TraceOptions.syscalls("connect"))
                .run()) {
            assertThat(r.stdout()).as(r.toString()).isEqualTo(expected + "\n");
            assertThat(r.exitCode()).isZero();
            assertThat(r.trace()).syscall("connect").wasInjected().failedWith(Errno.EINPROGRESS).atLeastOnce();
        }
    }
}
