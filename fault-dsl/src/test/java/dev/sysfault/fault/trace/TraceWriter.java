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
 * {@link #record} is the library's steps 1 and 2: take a number, fill the slot, publish {@code commit}
 * last with release order. {@link #begin} and {@link #commit} split step 2 so a test can leave a slot
 * half written.
 *
 * <p>Step 2 as the doc words it lets a reader take a mix of two events for one: a writer that overwrites
 * a slot leaves the old commit in place while it fills the fields, and a writer lapped by the ring can
 * publish its commit over a newer writer's fields. So this writer, as proposed for the doc, owns a slot
 * before it writes: it swaps the commit it finds (a complete, older event) for {@code IN_PROGRESS | s}
 * with a CAS, fills the fields, and publishes with a CAS from its own mark to {@code s + 1}. A writer
 * that finds the slot owned or newer, or loses either CAS, gives up and leaves the slot as it is; the
 * reader then counts event {@code s} as never completed (or overwritten), exactly once.
 */
final class TraceWriter {

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final MappedByteBuffer map;
    private final int capacity;
    private final boolean stop;
    private static final long IN_PROGRESS = Long.MIN_VALUE;

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

    /** Records a call completely; returns its event number, or -1 when the ring was full and it was dropped. */
    long record(Call call) {
        long s = begin(call);
        if (s >= 0) {
            commit(s);
        }
        return s;
    }

    /** Records the call {@code callFor} makes for the event number the writer takes. */
    long record(LongFunction<Call> callFor) {
        long s = begin(callFor);
        if (s >= 0) {
            commit(s);
        }
        return s;
    }

    /** Takes a number and fills the slot, all but {@code commit}; -1 when dropped. */
    long begin(Call call) {
        return begin(s -> call);
    }

    private long begin(LongFunction<Call> callFor) {
        long s = (long) LONG.getAndAdd(map, TraceFormat.NEXT_AT, 1L);
        if (stop && s >= capacity) {
            LONG.getAndAdd(map, TraceFormat.DROPPED_AT, 1L);
            return -1;
        }
        int at = slot(s);
        Call call = callFor.apply(s);
        long found = (long) LONG.getAcquire(map, at + TraceFormat.COMMIT_AT);
        if (found < 0 || found > s || !LONG.compareAndSet(map, at + TraceFormat.COMMIT_AT, found, IN_PROGRESS | s)) {
            return s; // owned by a writer still at work, or already newer: leave it, the reader counts s as lost
        }
        map.putLong(at + TraceFormat.TIME_AT, call.time).putInt(at + TraceFormat.PID_AT, call.pid)
                .putInt(at + TraceFormat.TID_AT, call.tid).putInt(at + TraceFormat.NR_AT, call.nr)
                .putInt(at + TraceFormat.EVENT_FLAGS_AT, call.flags);
        for (int i = 0; i < 6; i++) {
            map.putLong(at + TraceFormat.ARGS_AT + 8 * i, call.args[i]);
        }
        map.putLong(at + TraceFormat.RESULT_AT, call.result).putInt(at + TraceFormat.RULE_AT, call.rule)
                .putShort(at + TraceFormat.PATH_LEN_AT, (short) call.path.length)
                .put(at + TraceFormat.PATH_ARG_AT, (byte) call.pathArg).put(at + TraceFormat.PATH_ARG_AT + 1, (byte) 0);
        byte[] path = new byte[TraceFormat.PATH_MAX];
        System.arraycopy(call.path, 0, path, 0, call.path.length);
        map.put(at + TraceFormat.PATH_AT, path);
        return s;
    }

    /** Publishes event {@code s}, unless a writer that lapped the ring took its slot meanwhile. */
    void commit(long s) {
        LONG.compareAndSet(map, slot(s) + TraceFormat.COMMIT_AT, IN_PROGRESS | s, s + 1);
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

    /** The fields of one event; defaults: pid = tid = 100, time 1000 ns, result 0, rule -1, no path. */
    static final class Call {
        final int nr;
        int pid = 100;
        int tid = 100;
        long time = 1000;
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

        Call at(long nanos) {
            time = nanos;
            return this;
        }

        /** The path of argument {@code arg}, truncated at 160 bytes as the library does. */
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
            return new SyscallEvent(0, time, pid, tid, nr, EventRing.name(nr), Arrays.stream(args).boxed()
                    .toList(), result, (flags & TraceFormat.INJECTED) != 0, (flags & TraceFormat.NO_RETURN) != 0, rule,
                    (flags & TraceFormat.PATH) != 0 ? Optional.of(new String(path, StandardCharsets.UTF_8))
                            : Optional.empty(),
                    pathArg, (flags & TraceFormat.PATH_TRUNCATED) != 0, (flags & TraceFormat.PATH_UNREADABLE) != 0);
        }

        Call unreadablePath(int arg) {
            flags |= TraceFormat.PATH_UNREADABLE;
            pathArg = arg;
            return this;
        }
    }
}
