// Reads a trace's ring of events from a shared mapping while writers may be filling it (docs/trace-format.md, "Reading").
package dev.sysfault.fault.trace;

import dev.sysfault.fault.Syscall;
import dev.sysfault.fault.SyscallTable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The live part of a trace: {@code next}, {@code dropped} and the slots, mapped read-only and shared. */
final class EventRing {

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** One mapping holds at most 2 GiB; 2²² slots are 1 GiB. */
    private static final int SLOTS_PER_SEGMENT = 1 << 22;

    private final TraceHeader header;
    private final MappedByteBuffer head;
    private final MappedByteBuffer[] segments;

    private EventRing(TraceHeader header, MappedByteBuffer head, MappedByteBuffer[] segments) {
        this.header = header;
        this.head = head;
        this.segments = segments;
    }

    /** Maps the file; the mapping stays valid after {@code channel} is closed. */
    static EventRing map(FileChannel channel, TraceHeader header) throws IOException {
        MappedByteBuffer head = channel.map(FileChannel.MapMode.READ_ONLY, 0, TraceFormat.HEADER_SIZE);
        int capacity = header.capacity();
        MappedByteBuffer[] segments = new MappedByteBuffer[(capacity + SLOTS_PER_SEGMENT - 1) / SLOTS_PER_SEGMENT];
        for (int i = 0; i < segments.length; i++) {
            long slots = Math.min(SLOTS_PER_SEGMENT, capacity - (long) i * SLOTS_PER_SEGMENT);
            segments[i] = channel.map(FileChannel.MapMode.READ_ONLY,
                    TraceFormat.HEADER_SIZE + (long) i * SLOTS_PER_SEGMENT * TraceFormat.EVENT_SIZE,
                    slots * TraceFormat.EVENT_SIZE);
            segments[i].order(ByteOrder.LITTLE_ENDIAN);
        }
        return new EventRing(header, head, segments);
    }

    long next() {
        return (long) LONG.getAcquire(head, TraceFormat.NEXT_AT);
    }

    long dropped() {
        return (long) LONG.getAcquire(head, TraceFormat.DROPPED_AT);
    }

    /**
     * The complete events in the ring now. With wrap, events {@code max(0, next - capacity) .. next - 1} are
     * in the ring and the ones before were overwritten; with stop when full, events {@code 0 .. min(next,
     * capacity) - 1} are, and the writers that took numbers beyond count themselves in {@code dropped}.
     * A slot missed because a writer lapped it while we read counts as overwritten, otherwise as incomplete.
     */
    TraceSnapshot snapshot() {
        return snapshot(0, 0);
    }

    /**
     * As {@link #snapshot()}, for only the events numbered {@code from} and later, with {@code droppedBefore}
     * (the header's {@code dropped} when the view began) left out of the account.
     */
    TraceSnapshot snapshot(long from, long droppedBefore) {
        long next = next();
        int capacity = header.capacity();
        boolean stop = header.stopsWhenFull();
        long inRing = stop ? 0 : Math.max(0, next - capacity);
        long first = Math.max(from, inRing);
        long end = Math.max(first, stop ? Math.min(next, capacity) : next);
        List<SyscallEvent> events = new ArrayList<>((int) (end - first));
        List<Long> missed = new ArrayList<>();
        for (long s = first; s < end; s++) {
            SyscallEvent e = read(s);
            if (e == null) {
                missed.add(s);
            } else {
                events.add(e);
            }
        }
        long lappedBelow = stop ? 0 : next() - capacity;
        long lapped = missed.stream().filter(s -> s < lappedBelow).count();
        return new TraceSnapshot(events, Math.max(0, next - from), dropped() - droppedBefore,
                Math.max(0, first - from) + lapped, missed.size() - lapped);
    }

    /** Event {@code s}, or null when its slot does not hold it complete (commit is not s + 1 before and after). */
    SyscallEvent read(long s) {
        int slot = (int) (s & (header.capacity() - 1));
        MappedByteBuffer b = segments[slot / SLOTS_PER_SEGMENT];
        int at = (slot % SLOTS_PER_SEGMENT) * TraceFormat.EVENT_SIZE;
        if ((long) LONG.getAcquire(b, at + TraceFormat.COMMIT_AT) != s + 1) {
            return null;
        }
        long time = b.getLong(at + TraceFormat.TIME_AT);
        int pid = b.getInt(at + TraceFormat.PID_AT);
        int tid = b.getInt(at + TraceFormat.TID_AT);
        int nr = b.getInt(at + TraceFormat.NR_AT);
        int flags = b.getInt(at + TraceFormat.EVENT_FLAGS_AT);
        long[] args = new long[6];
        for (int i = 0; i < 6; i++) {
            args[i] = b.getLong(at + TraceFormat.ARGS_AT + 8 * i);
        }
        long result = b.getLong(at + TraceFormat.RESULT_AT);
        int rule = b.getInt(at + TraceFormat.RULE_AT);
        int pathLength = Math.min(Short.toUnsignedInt(b.getShort(at + TraceFormat.PATH_LEN_AT)), TraceFormat.PATH_MAX);
        int pathArg = b.get(at + TraceFormat.PATH_ARG_AT) & 0xff;
        byte[] path = new byte[(flags & TraceFormat.PATH) != 0 ? pathLength : 0];
        b.get(at + TraceFormat.PATH_AT, path);
        VarHandle.acquireFence();
        if ((long) LONG.getAcquire(b, at + TraceFormat.COMMIT_AT) != s + 1) {
            return null;
        }
        return new SyscallEvent(s, time, pid, tid, nr, name(nr), List.of(args[0], args[1], args[2], args[3],
                args[4], args[5]), result, (flags & TraceFormat.INJECTED) != 0, (flags & TraceFormat.NO_RETURN) != 0,
                rule, (flags & TraceFormat.PATH) != 0 ? Optional.of(new String(path, StandardCharsets.UTF_8))
                        : Optional.empty(),
                pathArg, (flags & TraceFormat.PATH_TRUNCATED) != 0, (flags & TraceFormat.PATH_UNREADABLE) != 0);
    }

    /** The table's name, or strace's {@code syscall_0x1ff} for a number it does not know. */
    static String name(int nr) {
        return SyscallTable.byNumber(nr).map(Syscall::name).orElse("syscall_0x" + Integer.toHexString(nr));
    }
}
