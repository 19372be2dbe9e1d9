// The strace -c style summary: per-syscall calls, errors and injected, most calls first, with a total.
package dev.sysfault.fault.trace;

import static dev.sysfault.fault.trace.TraceWriter.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceSummaryTest {

    private static final List<SyscallEvent> EVENTS = List.of(
            call("openat").fails(Errno.ENOENT).injected(0).event(),
            call("openat").returns(3).event(),
            call("read").returns(10).event(),
            call("read").returns(0).event(),
            call("read").fails(Errno.EIO).event(),
            call("close").returns(0).event(),
            call("exit_group").noReturn().returns(-1).event());

    @Test
    void countsPerSyscallSortedByCalls() {
        TraceSummary summary = TraceSummary.of(EVENTS);
        assertThat(summary.rows()).containsExactly(new TraceSummary.Row("read", 3, 1, 0),
                new TraceSummary.Row("openat", 2, 1, 1), new TraceSummary.Row("close", 1, 0, 0),
                new TraceSummary.Row("exit_group", 1, 0, 0));
        assertThat(summary.total()).isEqualTo(new TraceSummary.Row("total", 7, 2, 1));
        assertThat(summary.row("fsync")).isEqualTo(new TraceSummary.Row("fsync", 0, 0, 0));
    }

    @Test
    void printsAsATableLikeStraceC() {
        assertThat(TraceSummary.of(EVENTS)).hasToString("""
                    calls    errors  injected syscall
                --------- --------- --------- ----------------
                        3         1           read
                        2         1         1 openat
                        1                     close
                        1                     exit_group
                --------- --------- --------- ----------------
                        7         2         1 total
                """);
    }

    @Test
    void anEmptyTraceHasAZeroTotal() {
        assertThat(TraceSummary.of(List.of()).toString()).endsWith("--\n        0                     total\n");
    }
}
