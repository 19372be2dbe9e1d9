// A trace too small for a program's calls: stop-when-full keeps the first ones, wrap the last, and both count the rest as lost.
package dev.sysfault.junit;

import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.fault.trace.TraceSnapshot;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.testsupport.NativeBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * trace_getppid makes its start-up calls, then exactly {@link #CALLS} getppid calls (it prints how many
 * it made), a write and exit_group. A first run into a trace with room for everything gives the
 * whole sequence; runs into a ring of {@link #CAPACITY} events are compared with it.
 */
class TraceCapacityTest {

    static final int CALLS = 1000;
    static final int CAPACITY = 64;

    @TempDir
    Path tmp;

    /** Every call of a run, from a trace that lost none. */
    List<SyscallEvent> all;

    @BeforeEach
    void recordEverythingOnce() throws IOException {
        SyscallTrace trace = run(TraceOptions.all().capacity(4096));
        assertThat(trace).hasNoLostEvents();
        assertThat(trace).syscall("getppid").times(CALLS);
        assertThat(trace).syscall("write").withFd(1).withResult(("getppid " + CALLS + "\n").length()).once();
        all = trace.events();
        assertThat(all).as("start-up and getppid calls do not fit: the test needs a smaller ring")
                .hasSizeGreaterThan(CAPACITY + 3);
        assertThat(all.get(all.size() - 1).name()).isEqualTo("exit_group");
    }

    @Test
    void stopWhenFullKeepsTheFirstEventsAndCountsEveryOtherOneAsLost() throws IOException {
        SyscallTrace trace = run(TraceOptions.all().capacity(CAPACITY).stopWhenFull());

        TraceSnapshot stopped = trace.snapshot();
        assertThat(stopped.events()).hasSize(CAPACITY);
        assertThat(stopped.dropped()).isEqualTo(all.size() - CAPACITY);
        assertThat(stopped.lost()).isEqualTo(all.size() - CAPACITY);
        assertThat(stopped.size() + stopped.lost()).isEqualTo(all.size());
        assertThat(names(stopped.events())).containsExactlyElementsOf(names(all.subList(0, CAPACITY)));
        assertThat(stopped.events()).extracting(SyscallEvent::sequence)
                .containsExactlyElementsOf(all.subList(0, CAPACITY).stream().map(SyscallEvent::sequence).toList());
        assertThatThrownBy(() -> assertThat(trace).hasNoLostEvents())
                .hasMessageContaining("it lost " + (all.size() - CAPACITY) + " (and holds " + CAPACITY + ")");
    }

    @Test
    void wrapKeepsTheNewestEventsAndCountsTheOverwrittenOnesAsLost() throws IOException {
        TraceSnapshot wrapped = run(TraceOptions.all().capacity(CAPACITY).wrap()).snapshot();
        List<SyscallEvent> newest = all.subList(all.size() - CAPACITY, all.size());
        assertThat(wrapped.events()).hasSize(CAPACITY);
        assertThat(wrapped.dropped()).isZero();
        assertThat(wrapped.overwritten()).isEqualTo(all.size() - CAPACITY);
        assertThat(wrapped.lost()).isEqualTo(all.size() - CAPACITY);
        assertThat(names(wrapped.events())).containsExactlyElementsOf(names(newest));
        assertThat(wrapped.events()).extracting(SyscallEvent::sequence)
                .containsExactlyElementsOf(newest.stream().map(SyscallEvent::sequence).toList());
        assertThat(names(wrapped.events()).subList(CAPACITY - 3, CAPACITY))
                .containsExactly("getppid", "write", "exit_group");
    }

    /**
     * A thread keeps its block of event numbers however slow its calls are: with 1 ms between calls the ring
     * holds the newest events with consecutive numbers, as with fast ones.
     */
    @Test
    void slowCallsKeepTheirNumbersConsecutiveInAWrappedRing() {
        ProcessResult run = NativeBuild.traced(TraceOptions.syscalls("getppid").capacity(CAPACITY).wrap(),
                NativeBuild.program("trace_getppid"), "100", "1000").run();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        TraceSnapshot s = run.trace().snapshot();
        assertThat(s.events()).hasSize(CAPACITY);
        assertThat(s.overwritten()).isEqualTo(100 - CAPACITY);
        long first = s.events().get(0).sequence();
        assertThat(s.events()).extracting(SyscallEvent::sequence)
                .containsExactlyElementsOf(LongStream.range(first, first + CAPACITY).boxed().toList());
    }

    /**
     * Many threads and a forked child in a small ring: each thread takes its event numbers in blocks, and every
     * write they made is either in the trace or counted as lost, wrap or stop. trace_threads makes 50 writes in
     * each of its 16 threads and its child, and one to stdout as it exits (a pipe: one buffered write).
     */
    @Test
    void manyThreadsInASmallRingLoseNoEventUncounted() throws IOException {
        int writes = 17 * 50 + 1;
        for (TraceOptions options : List.of(TraceOptions.syscalls("write"),
                TraceOptions.syscalls("write").capacity(CAPACITY).wrap(),
                TraceOptions.syscalls("write").capacity(16).wrap(),
                TraceOptions.syscalls("write").capacity(CAPACITY).stopWhenFull())) {
            Path files = Files.createTempDirectory(tmp, "files");
            ProcessResult run = NativeBuild.traced(options, NativeBuild.program("trace_threads"), files.toString(),
                    "16", "50", "100").run();
            assertThat(run.exitCode()).as(run.toString()).isZero();
            TraceSnapshot s = run.trace().snapshot();
            assertThat(s.incomplete()).as("%s", options).isZero();
            assertThat(s.size() + s.lost()).as("%s: %s", options, s).isEqualTo(writes);
            if (options.capacity() < writes) {
                assertThat(s.size()).as("%s", options).isPositive().isLessThanOrEqualTo(options.capacity());
                assertThat(options.stopsWhenFull() ? s.dropped() : s.overwritten()).as("%s", options).isPositive();
            } else {
                assertThat(s.lost()).isZero();
            }
        }
    }

    private static SyscallTrace run(TraceOptions options) {
        ProcessResult run = NativeBuild.traced(options, NativeBuild.program("trace_getppid"), Integer.toString(CALLS))
                .run();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).as("the program's own count").isEqualTo("getppid " + CALLS + "\n");
        return run.trace();
    }

    private static List<String> names(List<SyscallEvent> events) {
        return events.stream().map(SyscallEvent::name).toList();
    }
}
