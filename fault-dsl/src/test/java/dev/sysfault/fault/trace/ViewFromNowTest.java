// A view from now raises the header's epoch and holds, and counts as lost, only the events of its epochs.
package dev.sysfault.fault.trace;

import static dev.sysfault.fault.trace.TraceWriter.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewFromNowTest {

    private static final int EPOCH_AT = 132;
    private static final int OVERWRITTEN_BY_EPOCH_AT = 2048;

    @TempDir
    Path dir;

    @Test
    void aViewFromNowHoldsTheEventsRecordedAfterItBegan() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        TraceWriter w = TraceWriter.open(file);
        SyscallTrace trace = SyscallTrace.open(file);
        w.record(call("getpid"));
        w.record(call("getppid"));
        SyscallTrace now = trace.fromNow();
        assertThat(now.events()).isEmpty();
        w.record(call("gettid"));
        assertThat(now.events()).extracting(SyscallEvent::name).containsExactly("gettid");
        assertThat(trace.events()).extracting(SyscallEvent::name).containsExactly("getpid", "getppid", "gettid");
        assertThat(now.fromNow().events()).as("a view from now of a view").isEmpty();
    }

    @Test
    void fromNowZeroesTheNewEpochsCounterThenRaisesTheEpochAndWritesNothingElse() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        SyscallTrace trace = SyscallTrace.open(file);
        writeLong(file, OVERWRITTEN_BY_EPOCH_AT + 8, 99); // left from epoch 257, say
        writeLong(file, OVERWRITTEN_BY_EPOCH_AT + 16, 7);
        byte[] before = Files.readAllBytes(file);

        trace.fromNow();
        ByteBuffer after = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(after.getInt(EPOCH_AT)).isEqualTo(1);
        assertThat(after.getLong(OVERWRITTEN_BY_EPOCH_AT + 8)).as("epoch 1's counter").isZero();
        assertThat(after.getLong(OVERWRITTEN_BY_EPOCH_AT + 16)).as("epoch 2's counter").isEqualTo(7);
        ByteBuffer expected = ByteBuffer.wrap(before).order(ByteOrder.LITTLE_ENDIAN).putInt(EPOCH_AT, 1)
                .putLong(OVERWRITTEN_BY_EPOCH_AT + 8, 0);
        assertThat(after.array()).isEqualTo(expected.array());

        trace.fromNow();
        assertThat(intAt(file, EPOCH_AT)).isEqualTo(2);
        assertThat(longAt(file, OVERWRITTEN_BY_EPOCH_AT + 16)).isZero();
    }

    @Test
    void viewsBegunAtOnceEachRaiseTheEpochOnce() throws Exception {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            SyscallTrace trace = SyscallTrace.open(file);
            Thread reader = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    trace.fromNow();
                }
            });
            reader.start();
            readers.add(reader);
        }
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(intAt(file, EPOCH_AT)).isEqualTo(4000);
    }

    @Test
    void aViewFromNowOnAWrappedRingCountsOnlyTheOverwrittenEventsOfItsEpochs() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        TraceWriter w = TraceWriter.open(file);
        SyscallTrace trace = SyscallTrace.open(file);
        for (int i = 0; i < 20; i++) {
            w.record(call("read").returns(i));
        }
        SyscallTrace now = trace.fromNow();
        for (int i = 20; i < 40; i++) {
            w.record(call("read").returns(i));
        }
        // 16 events of epoch 0 and 4 of epoch 1 were overwritten after the view began: only the 4 are the view's
        TraceSnapshot view = now.snapshot();
        assertThat(view.events()).extracting(SyscallEvent::result).containsExactlyElementsOf(range(24, 40));
        assertThat(view).extracting(TraceSnapshot::dropped, TraceSnapshot::overwritten, TraceSnapshot::incomplete)
                .containsExactly(0L, 4L, 0L);
        assertThat(view.size() + view.lost()).as("the calls recorded since it began").isEqualTo(20);
        assertThat(trace.snapshot().overwritten()).isEqualTo(24);
    }

    @Test
    void after256EpochsAViewCountsAllTheRingOverwroteSinceItBegan() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        TraceWriter w = TraceWriter.open(file);
        SyscallTrace trace = SyscallTrace.open(file);
        for (int i = 0; i < 20; i++) {
            w.record(call("read").returns(i));
        }
        SyscallTrace now = trace.fromNow(); // epoch 1, 4 overwritten before it
        for (int i = 20; i < 40; i++) {
            w.record(call("read").returns(i));
        }
        for (int epoch = 2; epoch <= 256; epoch++) {
            trace.fromNow();
        }
        assertThat(now.snapshot().overwritten()).as("epochs 1 to 256: counter 0 was zeroed for epoch 256")
                .isEqualTo(4);
        trace.fromNow(); // epoch 257 reuses epoch 1's counter
        assertThat(longAt(file, OVERWRITTEN_BY_EPOCH_AT + 8)).isZero();
        assertThat(now.snapshot().overwritten()).as("24 overwritten in all, 4 of them before the view")
                .isEqualTo(20);
    }

    @Test
    void aViewFromNowCountsTheEventsDroppedSinceItBegan() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16).stopWhenFull());
        TraceWriter w = TraceWriter.open(file);
        SyscallTrace trace = SyscallTrace.open(file);
        for (int i = 0; i < 20; i++) {
            w.record(call("read").returns(i));
        }
        SyscallTrace now = trace.fromNow();
        for (int i = 0; i < 3; i++) {
            w.record(call("read").returns(i));
        }
        assertThat(now.snapshot()).extracting(TraceSnapshot::size, TraceSnapshot::dropped, TraceSnapshot::lost)
                .containsExactly(0, 3L, 3L);
        assertThat(trace.snapshot().dropped()).isEqualTo(7);
    }

    @Test
    void slotsStillBeingWrittenInAnOlderEpochAreNotANewerViewsLoss() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        TraceWriter w = TraceWriter.open(file);
        SyscallTrace trace = SyscallTrace.open(file);
        w.record(call("getpid"));
        w.begin(call("getppid")); // epoch 0, never finished
        SyscallTrace now = trace.fromNow();
        w.begin(call("gettid")); // epoch 1, never finished
        w.record(call("close"));
        TraceSnapshot view = now.snapshot();
        assertThat(view.events()).extracting(SyscallEvent::name).containsExactly("close");
        assertThat(view.incomplete()).isEqualTo(1);
        assertThat(trace.snapshot()).extracting(TraceSnapshot::size, TraceSnapshot::incomplete)
                .containsExactly(2, 2L);
    }

    @Test
    void aFileThisProcessMayNotWriteIsReadButGivesNoViewFromNow() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        TraceWriter.open(file).record(call("getpid"));
        byte[] before = Files.readAllBytes(file);
        // root may write a file of mode 0400, so the reason is given as the open would give it to anyone else
        SyscallTrace trace = SyscallTrace.openReadOnly(file, Duration.ZERO,
                new AccessDeniedException(file.toString()));

        assertThat(trace.events()).extracting(SyscallEvent::name).containsExactly("getpid");
        assertThatThrownBy(trace::fromNow).isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(AccessDeniedException.class)
                .hasMessage(file + ": a view from now raises the epoch in the trace's header, but this process may"
                        + " not write the file (AccessDeniedException); SyscallTrace.open reads it whole");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aFileOfMode0400Opens() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        TraceWriter.open(file).record(call("getpid"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(SyscallTrace.open(file).events()).extracting(SyscallEvent::name).containsExactly("getpid");
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private static int intAt(Path file, int at) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
    }

    private static long longAt(Path file, int at) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getLong(at);
    }

    private static void writeLong(Path file, int at, long value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value), at);
        }
    }
}
