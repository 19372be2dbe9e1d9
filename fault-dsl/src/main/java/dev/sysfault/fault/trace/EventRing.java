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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The live part of a trace: its header's counters and its slots, mapped shared (the slots read-only). */
final class EventRing {

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** One mapping holds at most 2 GiB; 2²² slots are 1 GiB. */
    private static final int SLOTS_PER_SEGMENT = 1 << 22;
    /** Recording order: by {@code order} (an unsigned clock), then by event number. */
    private static final Comparator<SyscallEvent> RECORDED = (a, b) -> a.order() != b.order()
            ? Long.compareUnsigned(a.order(), b.order()) : Long.compare(a.sequence(), b.sequence());

    private final TraceHeader header;
    private final LiveHeader live;
    private final MappedByteBuffer[] segments;

    private EventRing(TraceHeader header, LiveHeader live, MappedByteBuffer[] segments) {
        this.header = header;
        this.live = live;
        this.segments = segments;
    }

    /** Maps the slots of the file; the mapping stays valid after {@code channel} is closed. */
    static EventRing map(FileChannel channel, TraceHeader header, LiveHeader live) throws IOException {
        int capacity = header.capacity();
        MappedByteBuffer[] segments = new MappedByteBuffer[(capacity + SLOTS_PER_SEGMENT - 1) / SLOTS_PER_SEGMENT];
        for (int i = 0; i < segments.length; i++) {
            long slots = Math.min(SLOTS_PER_SEGMENT, capacity - (long) i * SLOTS_PER_SEGMENT);
            segments[i] = channel.map(FileChannel.MapMode.READ_ONLY,
                    TraceFormat.HEADER_SIZE + (long) i * SLOTS_PER_SEGMENT * TraceFormat.EVENT_SIZE,
                    slots * TraceFormat.EVENT_SIZE);
            segments[i].order(ByteOrder.LITTLE_ENDIAN);
        }
        return new EventRing(header, live, segments);
    }

    /**
     * The complete events of {@code view} in the ring now, in recording order, and the ones it lost. Every
     * slot is read: one whose {@code commit} is {@code n + 1} holds event {@code n} (numbers are taken in
     * blocks, so they have gaps), one whose {@code commit} is {@code WRITING | n} an event still being written,
     * counted as incomplete; any other slot no event has used. Until the ring first wraps, only the slots of
     * the numbers taken so far: a large ring with few events reads quickly.
     */
    TraceSnapshot snapshot(ViewStart view) {
        List<SyscallEvent> events = new ArrayList<>();
        long incomplete = 0;
        int used = (int) Math.min(header.capacity(), live.next());
        for (int slot = 0; slot < used; slot++) {
            long commit = commit(slot);
            if (commit > 0 && holds(slot, commit - 1)) {
                read(slot, commit - 1, view).ifPresent(events::add);
            } else if (commit < 0 && holds(slot, commit & ~TraceFormat.WRITING) && view.holds(epoch(slot))) {
                incomplete++;
            }
        }
        events.sort(RECORDED);
        return view.snapshot(events, incomplete, live);
    }

    /**
     * Event {@code s} from its slot, when the view holds it; empty when the slot did not hold it complete
     * throughout ({@code commit} was not {@code s + 1} before and after).
     */
    private Optional<SyscallEvent> read(int slot, long s, ViewStart view) {
        MappedByteBuffer b = buffer(slot);
        int at = at(slot);
        long epoch = epoch(slot);
        if (!view.holds(epoch)) {
            return Optional.empty();   // an older view's event: not parsed (a newer one's epoch is never lower)
        }
        long order = b.getLong(at + TraceFormat.ORDER_AT);
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
        byte[] path = new byte[(flags & (TraceFormat.PATH | TraceFormat.FD_PATH)) != 0 ? pathLength : 0];
        b.get(at + TraceFormat.PATH_AT, path);
        VarHandle.acquireFence();
        if (commit(slot) != s + 1) {
            return Optional.empty();
        }
        return Optional.of(new SyscallEvent(s, order, time, pid, tid, nr, name(nr), List.of(args[0], args[1],
                args[2], args[3], args[4], args[5]), result, (flags & TraceFormat.INJECTED) != 0,
                (flags & TraceFormat.NO_RETURN) != 0, rule, (flags & TraceFormat.PATH) != 0
                        ? Optional.of(new String(path, StandardCharsets.UTF_8)) : Optional.empty(),
                pathArg, (flags & TraceFormat.PATH_TRUNCATED) != 0, (flags & TraceFormat.PATH_UNREADABLE) != 0,
                (flags & TraceFormat.FD_PATH) != 0 ? Optional.of(new String(path, StandardCharsets.UTF_8))
                        : Optional.empty()));
    }

    /** Whether event number {@code s} belongs in {@code slot}. */
    private boolean holds(int slot, long s) {
        return (s & (header.capacity() - 1)) == slot;
    }

    /** The {@code epoch} field of the event in {@code slot}. */
    private long epoch(int slot) {
        return Integer.toUnsignedLong(buffer(slot).getInt(at(slot) + TraceFormat.EVENT_EPOCH_AT));
    }

    private long commit(int slot) {
        return (long) LONG.getAcquire(buffer(slot), at(slot) + TraceFormat.COMMIT_AT);
    }

    private MappedByteBuffer buffer(int slot) {
        return segments[slot / SLOTS_PER_SEGMENT];
    }

    private static int at(int slot) {
        return (slot % SLOTS_PER_SEGMENT) * TraceFormat.EVENT_SIZE;
    }

    /** The table's name, or strace's {@code syscall_0x1ff} for a number it does not know. */
    static String name(int nr) {
        return SyscallTable.byNumber(nr).map(Syscall::name).orElse("syscall_0x" + Integer.toHexString(nr));
    }
}
