// Reading a trace: every field of an event, slots still being written, and lost events in wrap and stop modes.
package dev.sysfault.fault.trace;

import static dev.sysfault.fault.trace.TraceWriter.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyscallTraceTest {

    @TempDir
    Path dir;

    @Test
    void anEventHasEveryFieldTheWriterGaveIt() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        TraceWriter w = TraceWriter.open(file);
        w.record(call("openat").thread(7, 8).at(123_456_789L).args(-100, 0x5000, 0x80000, 0, 0xdead, -1)
                .path(1, "/etc/hosts").fails(Errno.ENOENT).injected(3));
        w.record(call("exit_group").at(123_456_790L).noReturn().returns(0x7777));
        SyscallEvent e = SyscallTrace.open(file).events().get(0);
        assertThat(e).extracting(SyscallEvent::sequence, SyscallEvent::order, SyscallEvent::timeNanos,
                SyscallEvent::pid, SyscallEvent::tid, SyscallEvent::number, SyscallEvent::name, SyscallEvent::result,
                SyscallEvent::injected, SyscallEvent::rule, SyscallEvent::pathArgument)
                .containsExactly(0L, 123_456_789L, 123_456_789L, 7, 8, 257, "openat", -2L, true, 3, 1);
        assertThat(e.args()).containsExactly(-100L, 0x5000L, 0x80000L, 0L, 0xdeadL, -1L);
        assertThat(e.path()).contains("/etc/hosts");
        assertThat(e.failed()).isTrue();
        assertThat(e.succeeded()).isFalse();
        assertThat(e.errno()).contains(Errno.ENOENT);
        assertThat(e.errnoNumber()).isEqualTo(2);
        assertThat(e).hasToString(
                "openat(AT_FDCWD, \"/etc/hosts\", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory) (INJECTED)");
        SyscallEvent exit = SyscallTrace.open(file).events().get(1);
        assertThat(exit.noReturn()).isTrue();
        assertThat(exit.failed()).isFalse();
        assertThat(exit.succeeded()).isFalse();
        assertThat(exit.errno()).isEmpty();
        assertThat(exit.rule()).isEqualTo(-1);
        assertThat(exit.path()).isEmpty();
    }

    @Test
    void errnoNamesTheKernelsNameAndFailureIsMinus4095ToMinus1() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        TraceWriter w = TraceWriter.open(file);
        w.record(call("getdents64").fails(Errno.ENOTSUP));
        w.record(call("read").returns(-4095));
        w.record(call("read").returns(-4096));
        w.record(call("read").returns(-530));
        List<SyscallEvent> events = SyscallTrace.open(file).events();
        assertThat(events.get(0).errno()).contains(Errno.EOPNOTSUPP);
        assertThat(events.get(1).failed()).isTrue();
        assertThat(events.get(1).errno()).isEmpty();
        assertThat(events.get(2).failed()).isFalse();
        assertThat(events.get(3).errnoNumber()).isEqualTo(530);
    }

    @Test
    void aSlotStillBeingWrittenIsSkippedUntilItsCommitIsStored() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        TraceWriter w = TraceWriter.open(file);
        w.record(call("getpid").returns(1));
        long inProgress = w.begin(call("getppid").returns(2));
        w.record(call("gettid").returns(3));
        SyscallTrace trace = SyscallTrace.open(file);
        TraceSnapshot before = trace.snapshot();
        assertThat(before.events()).extracting(SyscallEvent::name).containsExactly("getpid", "gettid");
        assertThat(before).extracting(TraceSnapshot::incomplete, TraceSnapshot::lost).containsExactly(1L, 1L);
        w.commit(inProgress);
        TraceSnapshot after = trace.snapshot();
        assertThat(after.events()).extracting(SyscallEvent::name).containsExactly("getpid", "getppid", "gettid");
        assertThat(after.lost()).isZero();
    }

    @Test
    void aSlotBeingWrittenOverHoldsNeitherItsOldEventNorItsNewOne() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        TraceWriter w = TraceWriter.open(file);
        for (int i = 0; i < 16; i++) {
            w.record(call("read").returns(i));
        }
        w.begin(call("write").returns(16)); // event 16, over event 0's slot: commit WRITING | 16
        TraceSnapshot s = SyscallTrace.open(file).snapshot();
        assertThat(s.events()).extracting(SyscallEvent::sequence).containsExactlyElementsOf(range(1, 16));
        assertThat(s).extracting(TraceSnapshot::overwritten, TraceSnapshot::incomplete).containsExactly(1L, 1L);
    }

    @Test
    void wrapKeepsTheLastEventsAndCountsTheOverwrittenOnesAsLost() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        TraceWriter w = TraceWriter.open(file);
        for (int i = 0; i < 40; i++) {
            w.record(call("read").returns(i));
        }
        TraceSnapshot s = SyscallTrace.open(file).snapshot();
        assertThat(s.events()).extracting(SyscallEvent::result).containsExactlyElementsOf(range(24, 40));
        assertThat(s).extracting(TraceSnapshot::dropped, TraceSnapshot::overwritten, TraceSnapshot::incomplete,
                TraceSnapshot::lost).containsExactly(0L, 24L, 0L, 24L);
    }

    @Test
    void stopKeepsTheFirstEventsAndCountsTheDroppedOnesOnce() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16).stopWhenFull());
        TraceWriter w = TraceWriter.open(file);
        for (int i = 0; i < 40; i++) {
            w.record(call("read").returns(i));
        }
        SyscallTrace trace = SyscallTrace.open(file);
        TraceSnapshot s = trace.snapshot();
        assertThat(s.events()).extracting(SyscallEvent::result).containsExactlyElementsOf(range(0, 16));
        assertThat(s).extracting(TraceSnapshot::dropped, TraceSnapshot::overwritten, TraceSnapshot::incomplete,
                TraceSnapshot::lost).containsExactly(24L, 0L, 0L, 24L);
        assertThat(trace.lost()).isEqualTo(24);
        assertThat(trace.size()).isEqualTo(16);
    }

    @Test
    void eventsOfThreadsWithBlocksOfTheirOwnComeInTheOrderRecordedThenByNumber() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(64));
        TraceWriter main = TraceWriter.open(file);
        TraceWriter other = main.thread();
        main.record(call("getpid").thread(1, 1).order(10));
        other.record(call("getpid").thread(1, 2).order(11));
        other.record(call("gettid").thread(1, 2).order(12));
        main.record(call("gettid").thread(1, 1).order(13));
        other.record(call("close").thread(1, 2).order(14));
        main.record(call("close").thread(1, 1).order(14));
        TraceSnapshot s = SyscallTrace.open(file).snapshot();
        assertThat(s.events()).extracting(SyscallEvent::sequence).containsExactly(0L, 16L, 17L, 1L, 2L, 18L);
        assertThat(s.lost()).isZero();
    }

    @Test
    void numbersOfABlockThatNoEventUsedAreNotLost() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(64));
        TraceWriter w = TraceWriter.open(file);
        TraceWriter idle = w.thread();
        idle.record(call("getppid").thread(100, 101)); // block 0: numbers 1 to 15 never used
        w.record(call("read").returns(0));
        w.record(call("read").returns(1));
        w.leaveBlock(); // numbers 18 to 31 never used
        w.record(call("read").returns(2));
        TraceSnapshot s = SyscallTrace.open(file).snapshot();
        assertThat(s.events()).extracting(SyscallEvent::sequence).containsExactly(0L, 16L, 17L, 32L);
        assertThat(s).extracting(TraceSnapshot::dropped, TraceSnapshot::overwritten, TraceSnapshot::incomplete)
                .containsExactly(0L, 0L, 0L);
    }

    @Test
    void theViewIsLiveAndEventsRecordedAtOneTimeComeInNumberOrder() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        SyscallTrace trace = SyscallTrace.open(file);
        TraceWriter w = TraceWriter.open(file);
        assertThat(trace.events()).isEmpty();
        w.record(call("close").args(3));
        assertThat(trace.stream().map(SyscallEvent::name)).containsExactly("close");
        w.record(call("close").args(4));
        assertThat(trace.events()).extracting(SyscallEvent::sequence).containsExactly(0L, 1L);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }
}
