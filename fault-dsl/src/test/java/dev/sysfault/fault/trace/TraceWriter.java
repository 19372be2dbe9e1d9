// A test-only recorder: writes events into a trace file the way docs/trace-format.md's "Writing" says the library does.
package dev.sysfault.fault.trace;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.SyscallTable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * One writing thread. {@link #record} is the library's steps 1 to 5: take the next number of the thread's
 * block (a new block of 16 from {@code next} when it has used all 16, or when told to {@link #leaveBlock}),
 * claim the slot by swapping the {@code commit} it finds (0, or a complete and older event) for
 * {@code WRITING | s}, count the event it overwrites, fill the slot ({@code epoch} first) and store
 * {@code commit} last with release order. A writer that cannot claim the slot counts the event as dropped.
 * {@link #begin} and {@link #commit} split it so a test can leave a slot half written. Unlike the library,
 * it adds each overwritten event to the header's counters at once, and takes a new block only when told.
 */
final class TraceWriter {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final MappedByteBuffer map;
    private final int capacity;
    private final boolean stop;
    private long block;
    private int used = TraceFormat.BLOCK_EVENTS;

    private TraceWriter(MappedByteBuffer map) {
        this.map = map;
        this.capacity = map.getInt(TraceFormat.CAPACITY_AT);
        this.stop = (map.getShort(TraceFormat.FLAGS_AT) & TraceFormat.STOP_WHEN_FULL) != 0;
    }

    static TraceWriter open(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            map.order(ByteOrder.LITTLE_ENDIAN);
            return new TraceWriter(map);
        }
    }

    /** Another thread writing into the same file, with blocks of its own. */
    TraceWriter thread() {
        return new TraceWriter(map);
    }

    /** The next call takes a new block: the rest of this one is left unused (an idle thread, a forked child). */
    void leaveBlock() {
        used = TraceFormat.BLOCK_EVENTS;
    }

    /** Records a call completely; returns its event number, or -1 when it was dropped. */
    long record(Call call) {
        return record(s -> call);
    }

    /** Records the call {@code callFor} makes for the event number the writer takes. */
    long record(LongFunction<Call> callFor) {
        long s = begin(callFor);
        if (s >= 0) {
            commit(s);
        }
        return s;
    }

    /** Takes a number, claims its slot and fills it, all but {@code commit}; -1 when dropped. */
    long begin(Call call) {
        return begin(s -> call);
    }

    private long begin(LongFunction<Call> callFor) {
        long s = number();
        if (stop && s >= capacity) {
            LONG.getAndAdd(map, TraceFormat.DROPPED_AT, 1L);
            return -1;
        }
        int at = slot(s);
        Call call = callFor.apply(s);
        long found = (long) LONG.getAcquire(map, at + TraceFormat.COMMIT_AT);
        if (found < 0 || found > s
                || !LONG.compareAndSet(map, at + TraceFormat.COMMIT_AT, found, TraceFormat.WRITING | s)) {
            LONG.getAndAdd(map, TraceFormat.DROPPED_AT, 1L); // being written, or newer: a lapped writer gives up
            return -1;
        }
        int epoch = (int) INT.getAcquire(map, TraceFormat.EPOCH_AT);
        if (found != 0) {
            overwrote(map.getInt(at + TraceFormat.EVENT_EPOCH_AT), epoch);
        }
        map.putInt(at + TraceFormat.EVENT_EPOCH_AT, epoch);
        map.putLong(at + TraceFormat.TIME_AT, call.time).putInt(at + TraceFormat.PID_AT, call.pid)
                .putInt(at + TraceFormat.TID_AT, call.tid).putInt(at + TraceFormat.NR_AT, call.nr)
                .putInt(at + TraceFormat.EVENT_FLAGS_AT, call.flags);
        for (int i = 0; i < 6; i++) {
            map.putLong(at + TraceFormat.ARGS_AT + 8 * i, call.args[i]);
        }
        map.putLong(at + TraceFormat.RESULT_AT, call.result).putInt(at + TraceFormat.RULE_AT, call.rule)
                .putShort(at + TraceFormat.PATH_LEN_AT, (short) call.path.length)
                .put(at + TraceFormat.PATH_ARG_AT, (byte) call.pathArg).put(at + TraceFormat.PATH_ARG_AT + 1, (byte) 0)
                .putLong(at + TraceFormat.ORDER_AT, call.order);
        byte[] path = new byte[TraceFormat.PATH_MAX];
        System.arraycopy(call.path, 0, path, 0, call.path.length);
        map.put(at + TraceFormat.PATH_AT, path);
        return s;
    }

    /** Publishes event {@code s}, which this writer claimed. */
    void commit(long s) {
        LONG.setRelease(map, slot(s) + TraceFormat.COMMIT_AT, s + 1);
    }

    /** The next number of this thread's block, taking a new block when it has used all of it. */
    private long number() {
        if (used == TraceFormat.BLOCK_EVENTS) {
            block = (long) LONG.getAndAdd(map, TraceFormat.NEXT_AT, (long) TraceFormat.BLOCK_EVENTS);
            used = 0;
        }
        return block + used++;
    }

    /** Counts an event of {@code eventEpoch} overwritten while the header's epoch is {@code now}. */
    private void overwrote(int eventEpoch, int now) {
        LONG.getAndAdd(map, TraceFormat.OVERWRITTEN_AT, 1L);
        if (Integer.toUnsignedLong(now - eventEpoch) < TraceFormat.EPOCHS - 1) {
            int counter = TraceFormat.OVERWRITTEN_BY_EPOCH_AT + 8 * (eventEpoch & (TraceFormat.EPOCHS - 1));
            LONG.getAndAdd(map, counter, 1L);
        }
    }

    private int slot(long s) {
        return TraceFormat.HEADER_SIZE + (int) (s & (capacity - 1)) * TraceFormat.EVENT_SIZE;
    }

    static Call call(String name) {
        return new Call(SyscallTable.byName(name).orElseThrow().number());
    }

    static Call call(int nr) {
        return new Call(nr);
    }

    /** The fields of one event; defaults: pid = tid = 100, time and order 1000 ns, result 0, rule -1, no path. */
    static final class Call {
        final int nr;
        int pid = 100;
        int tid = 100;
        long time = 1000;
        long order = 1000;
        long[] args = new long[6];
        long result;
        int flags;
        int rule = -1;
        byte[] path = new byte[0];
        int pathArg;

        Call(int nr) {
            this.nr = nr;
        }

        Call args(long... values) {
            System.arraycopy(values, 0, args, 0, values.length);
            return this;
        }

        Call returns(long value) {
            result = value;
            return this;
        }

        Call fails(Errno errno) {
            result = -errno.number();
            return this;
        }

        Call injected(int byRule) {
            flags |= TraceFormat.INJECTED;
            rule = byRule;
            return this;
        }

        Call rule(int index) {
            rule = index;
            return this;
        }

        Call noReturn() {
            flags |= TraceFormat.NO_RETURN;
            return this;
        }

        Call thread(int pid, int tid) {
            this.pid = pid;
            this.tid = tid;
            return this;
        }

        /** Recorded at {@code nanos}: its time, and its order, as where the clock source is not the TSC. */
        Call at(long nanos) {
            time = nanos;
            order = nanos;
            return this;
        }

        /** Its order alone (the TSC's count when recorded). */
        Call order(long value) {
            order = value;
            return this;
        }

        /** The path of argument {@code arg}, truncated at 148 bytes as the library does. */
        Call path(int arg, String text) {
            return path(arg, text.getBytes(StandardCharsets.UTF_8));
        }

        Call path(int arg, byte[] bytes) {
            flags |= TraceFormat.PATH;
            pathArg = arg;
            if (bytes.length >= TraceFormat.PATH_MAX) {
                flags |= TraceFormat.PATH_TRUNCATED;
                path = Arrays.copyOf(bytes, TraceFormat.PATH_MAX);
            } else {
                path = bytes;
            }
            return this;
        }

        /** The event a reader makes of this call as event number 0, without a file. */
        SyscallEvent event() {
            return new SyscallEvent(0, order, time, pid, tid, nr, EventRing.name(nr), Arrays.stream(args).boxed()
                    .toList(), result, (flags & TraceFormat.INJECTED) != 0, (flags & TraceFormat.NO_RETURN) != 0, rule,
                    (flags & TraceFormat.PATH) != 0 ? Optional.of(new String(path, StandardCharsets.UTF_8))
                            : Optional.empty(),
                    pathArg, (flags & TraceFormat.PATH_TRUNCATED) != 0, (flags & TraceFormat.PATH_UNREADABLE) != 0,
                    (flags & TraceFormat.FD_PATH) != 0 ? Optional.of(new String(path, StandardCharsets.UTF_8))
                            : Optional.empty());
        }

        Call unreadablePath(int arg) {
            flags |= TraceFormat.PATH_UNREADABLE;
            pathArg = arg;
            return this;
        }
    }
}
