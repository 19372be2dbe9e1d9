// A reader racing writers that lap the ring never returns a half-overwritten event, and accounts for every one.
package dev.sysfault.fault.trace;

import static dev.sysfault.fault.trace.TraceWriter.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentReadingTest {

    @TempDir
    Path dir;

    /** Two threads with blocks of their own and one clock: events come by the clock, each thread's in number order. */
    @Test
    void everyEventReadWhileTwoWritersLapTheRingIsWholeAndInTheOrderRecorded() throws Exception {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(64));
        TraceWriter first = TraceWriter.open(file);
        List<TraceWriter> threads = List.of(first, first.thread());
        AtomicLong clock = new AtomicLong();
        AtomicLong recorded = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads.size(); t++) {
            TraceWriter writer = threads.get(t);
            int pid = 100 + t;
            Thread w = new Thread(() -> {
                while (!stop.get()) {
                    long s = writer.record(n -> call("getppid").thread(pid, (int) n).at(n)
                            .order(clock.incrementAndGet()).returns(n).args(n, n, n, n, n, n));
                    (s < 0 ? dropped : recorded).incrementAndGet();
                }
            });
            w.start();
            writers.add(w);
        }
        SyscallTrace trace = SyscallTrace.open(file);
        long read = 0;
        long deadline = System.nanoTime() + 1_000_000_000L;
        try {
            // A second of reading, and on however busy a machine, until the writers' events were read at least once.
            while (System.nanoTime() < deadline || read == 0) {
                TraceSnapshot snapshot = trace.snapshot();
                long previousOrder = 0;
                Map<Integer, Long> previousOfThread = new HashMap<>();
                for (SyscallEvent e : snapshot.events()) {
                    long s = e.sequence();
                    assertThat(List.of((long) e.tid(), e.timeNanos(), e.result(), e.arg(0), e.arg(5)))
                            .as("event %d", s).containsOnly(s);
                    assertThat(e.order()).isGreaterThan(previousOrder);
                    previousOrder = e.order();
                    assertThat(s).as("thread %d's numbers", e.pid())
                            .isGreaterThan(previousOfThread.getOrDefault(e.pid(), -1L));
                    previousOfThread.put(e.pid(), s);
                }
                read += snapshot.size();
            }
        } finally {
            stop.set(true);
            for (Thread w : writers) {
                w.join();
            }
        }
        assertThat(read).isPositive();
        TraceSnapshot last = trace.snapshot();
        // every event recorded is in the ring or was overwritten, and counted by the writer that overwrote it
        assertThat(last.size() + last.overwritten()).isEqualTo(recorded.get());
        assertThat(last.dropped()).isEqualTo(dropped.get());
        assertThat(last.incomplete()).isZero();
    }
}
