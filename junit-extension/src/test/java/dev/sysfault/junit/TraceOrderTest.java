// Calls of different threads are listed in the order they happened, though each thread numbers its events apart.
package dev.sysfault.junit;

import static dev.sysfault.junit.SyscallSelection.syscall;
import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.testsupport.NativeBuild;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * trace_handoff passes a token between two threads through two pipes {@link #ROUNDS} times. Each read
 * returns only after the other thread's write, which that thread made after recording its own read: so
 * the reads of the two threads alternate in the order they happened, which the trace must show. Event
 * numbers cannot: each thread takes them 16 at a time.
 */
class TraceOrderTest {

    static final int ROUNDS = 500;

    @Test
    void readsHandedBackAndForthBetweenTwoThreadsAlternateInTheTrace() {
        ProcessResult run = NativeBuild.traced(TraceOptions.all(), NativeBuild.program("trace_handoff"),
                Integer.toString(ROUNDS)).run();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Matcher m = Pattern.compile("ping (\\d+) \\d+\npong (\\d+) \\d+\nsecond tid (\\d+)\n").matcher(run.stdout());
        assertThat(m.matches()).as(run.toString()).isTrue();
        int pingRead = Integer.parseInt(m.group(1));
        int pongRead = Integer.parseInt(m.group(2));
        int second = Integer.parseInt(m.group(3));
        int main = (int) run.pid();

        SyscallTrace trace = run.trace();
        assertThat(trace).hasNoLostEvents();
        List<SyscallEvent> reads = trace.stream()
                .filter(syscall("read").withResult(1))
                .filter(e -> e.arg(0) == pingRead && e.tid() == second || e.arg(0) == pongRead && e.tid() == main)
                .toList();
        assertThat(reads).hasSize(2 * ROUNDS);
        for (int i = 0; i < reads.size(); i++) {
            assertThat(reads.get(i).tid()).as("read %d of %d, in the trace's order", i + 1, reads.size())
                    .isEqualTo(i % 2 == 0 ? second : main);
        }
        assertThat(reads).as("numbered apart: the order is not the numbers'")
                .isNotEqualTo(reads.stream().sorted((a, b) -> Long.compare(a.sequence(), b.sequence())).toList());
        assertThat(trace).syscall("read").withFd(pingRead).inThread(second)
                .happenedBefore(syscall("exit_group").inThread(main));
    }
}
