// Writes events into a trace file the way docs/trace-format.md says libsysfault.so does, for tests without a program.
package dev.sysfault.junit;

import dev.sysfault.fault.SyscallTable;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A recorder written from the format document alone (not from the C code): each thread (tid) takes
 * event numbers 16 at a time from {@code next}; it counts {@code dropped} when a stop-when-full ring is
 * full or the slot holds a newer event, and {@code overwritten} (all epochs and the event's epoch) when
 * it writes over one; it fills a slot ({@code epoch} first, {@code order} from one clock for every
 * thread) and stores {@code commit} last.
 * {@code record("openat").pid(10).path("/etc/hosts").result(3).write()}.
 */
final class TestRecorder {

    static final int HEADER = 4096;
    static final int EVENT = 256;
    static final int BLOCK = 16;
    static final int PATH = 148;
    static final long WRITING = Long.MIN_VALUE;

    private final MappedByteBuffer map;
    private final int capacity;
    private final boolean stop;
    /** Per tid: the next number of its block, and how many of the block are left. */
    private final Map<Integer, long[]> blocks = new HashMap<>();
    private long clock;

    private TestRecorder(MappedByteBuffer map, TraceOptions options) {
        this.map = map;
        this.capacity = options.capacity();
        this.stop = options.stopsWhenFull();
    }

    /** Creates the file with {@link TraceFile#create} and maps it for writing. */
    static TestRecorder create(Path file, TraceOptions options) throws IOException {
        TraceFile.create(file, options);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            map.order(ByteOrder.LITTLE_ENDIAN);
            return new TestRecorder(map, options);
        }
    }

    Event record(String syscall) {
        return new Event(SyscallTable.byName(syscall).orElseThrow().number());
    }

    /** One event being described; {@link #write()} records it. Defaults: pid = tid = 100, result 0, rule -1. */
    final class Event {
        private final int nr;
        private int pid = 100;
        private int tid = 100;
        private final long[] args = new long[6];
        private long result;
        private int flags;
        private int rule = -1;
        private byte[] path;
        private int pathArg;
        private long time;
        private boolean complete = true;

        private Event(int nr) {
            this.nr = nr;
        }

        Event pid(int pid) {
            this.pid = pid;
            this.tid = pid;
            return this;
        }

        Event tid(int tid) {
            this.tid = tid;
            return this;
        }

        Event args(long... values) {
            System.arraycopy(values, 0, args, 0, values.length);
            return this;
        }

        Event result(long result) {
            this.result = result;
            return this;
        }

        /** Fails with the errno number {@code errno}: result -errno. */
        Event errno(int errno) {
            return result(-errno);
        }

        Event injected(int rule) {
            this.flags |= 1;
            this.rule = rule;
            return this;
        }

        Event noReturn() {
            this.flags |= 2;
            return this;
        }

        /** The path argument (number {@code index}), which must fit the 148 bytes of an event. */
        Event path(int index, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length >= PATH) {
                throw new IllegalArgumentException("a test path must fit an event");
            }
            this.path = bytes;
            this.pathArg = index;
            this.flags |= 4;
            return this;
        }

        Event unreadablePath(int index) {
            this.pathArg = index;
            this.flags |= 16;
            return this;
        }

        Event time(long nanos) {
            this.time = nanos;
            return this;
        }

        /** Leaves the slot marked as being written ({@code WRITING | s}), as a writer that died half way would. */
        Event incomplete() {
            this.complete = false;
            return this;
        }

        /** Records it: returns its event number. */
        long write() {
            synchronized (map) {
                long s = number();
                int at = HEADER + EVENT * (int) (s & (capacity - 1));
                long found = map.getLong(at);
                if (stop && s >= capacity || found < 0 || found > s) {
                    map.putLong(32, map.getLong(32) + 1);
                    return s;
                }
                map.putLong(at, WRITING | s);
                int epoch = map.getInt(132);
                if (found != 0) {
                    int overwritten = map.getInt(at + 104);
                    map.putLong(48, map.getLong(48) + 1);
                    int counter = 2048 + 8 * (overwritten & 255);
                    map.putLong(counter, map.getLong(counter) + 1);
                }
                map.putInt(at + 104, epoch);
                map.putLong(at + 8, time);
                map.putInt(at + 16, pid);
                map.putInt(at + 20, tid);
                map.putInt(at + 24, nr);
                map.putInt(at + 28, flags);
                for (int i = 0; i < 6; i++) {
                    map.putLong(at + 32 + 8 * i, args[i]);
                }
                map.putLong(at + 80, result);
                map.putInt(at + 88, rule);
                map.putShort(at + 92, (short) (path == null ? 0 : path.length));
                map.put(at + 94, (byte) pathArg);
                map.put(at + 95, (byte) 0);
                map.putLong(at + 96, ++clock);
                for (int i = 0; i < PATH; i++) {
                    map.put(at + 108 + i, path != null && i < path.length ? path[i] : 0);
                }
                if (complete) {
                    map.putLong(at, s + 1);
                }
                return s;
            }
        }

        /** The next number of this thread's block; a new block of 16 when it has used all of it. */
        private long number() {
            long[] block = blocks.computeIfAbsent(tid, t -> new long[2]);
            if (block[1] == 0) {
                block[0] = map.getLong(24);
                block[1] = BLOCK;
                map.putLong(24, block[0] + BLOCK);
            }
            block[1]--;
            return block[0]++;
        }
    }
}
