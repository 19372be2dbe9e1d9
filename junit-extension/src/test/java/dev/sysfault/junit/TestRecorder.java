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

/**
 * A recorder written from the format document alone (not from the C code): it takes event numbers
 * from {@code next}, counts {@code dropped} when a stop-when-full ring is full, fills a slot and stores
 * {@code commit} last. {@code record("openat").pid(10).path("/etc/hosts").result(3).write()}.
 */
final class TestRecorder {

    static final int HEADER = 4096;
    static final int EVENT = 256;

    private final MappedByteBuffer map;
    private final int capacity;
    private final boolean stop;

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

        /** The path argument (number {@code index}), which must fit the 160 bytes of an event. */
        Event path(int index, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length >= 160) {
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

        /** Leaves the slot without its commit, as a writer that died half way would. */
        Event incomplete() {
            this.complete = false;
            return this;
        }

        /** Records it: returns its event number. */
        long write() {
            synchronized (map) {
                long s = map.getLong(24);
                map.putLong(24, s + 1);
                if (stop && s >= capacity) {
                    map.putLong(32, map.getLong(32) + 1);
                    return s;
                }
                int at = HEADER + EVENT * (int) (s & (capacity - 1));
                map.putLong(at, 0);
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
                for (int i = 0; i < 160; i++) {
                    map.put(at + 96 + i, path != null && i < path.length ? path[i] : 0);
                }
                if (complete) {
                    map.putLong(at, s + 1);
                }
                return s;
            }
        }
    }
}
