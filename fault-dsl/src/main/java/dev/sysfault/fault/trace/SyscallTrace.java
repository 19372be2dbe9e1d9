// A live, read-only view of a trace file that programs may still be recording into.
package dev.sysfault.fault.trace;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The system calls recorded in a trace file ({@code SYSFAULT_TRACE}), read while the programs run and
 * after they exit. Every read is a new {@link #snapshot()} of the shared mapping: {@link #events()},
 * {@link #stream()}, {@link #size()} and {@link #lost()} each take their own, so call {@code snapshot()}
 * once when the numbers must agree with each other. Thread-safe; nothing to close.
 */
public final class SyscallTrace {

    private static final Duration READY_WAIT = Duration.ofSeconds(1);

    private final Path file;
    private final TraceHeader header;
    private final EventRing ring;
    private final long from;
    private final long droppedBefore;

    private SyscallTrace(Path file, TraceHeader header, EventRing ring, long from, long droppedBefore) {
        this.file = file;
        this.header = header;
        this.ring = ring;
        this.from = from;
        this.droppedBefore = droppedBefore;
    }

    /**
     * Maps {@code file}, waiting up to a second for its header to become ready (as the library does).
     *
     * @throws InvalidTraceFileException if the header fails the checks of docs/trace-format.md
     */
    public static SyscallTrace open(Path file) throws IOException {
        return open(file, READY_WAIT);
    }

    static SyscallTrace open(Path file, Duration readyWait) throws IOException {
        Objects.requireNonNull(file, "file");
        long deadline = System.nanoTime() + readyWait.toNanos();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(TraceFormat.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            long size;
            while (true) {
                size = channel.size();
                head.clear();
                while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                    // a short read only at the end of a file still being made
                }
                if (size >= TraceFormat.HEADER_SIZE && head.getInt(TraceFormat.READY_AT) == 1
                        || System.nanoTime() - deadline >= 0) {
                    break;
                }
                pause();
            }
            TraceHeader header = TraceHeader.check(file, head.rewind(), size);
            return new SyscallTrace(file, header, EventRing.map(channel, header), 0, 0);
        }
    }

    /**
     * A view of the same file that holds only the calls recorded from now on (event numbers from
     * {@link #nextSequence()}), with its own account of lost events: one test's calls in a trace that a
     * long-lived process keeps recording into.
     */
    public SyscallTrace fromNow() {
        long dropped = ring.dropped();
        return new SyscallTrace(file, header, ring, ring.next(), dropped);
    }

    /** The number the next recorded event will get; events of this view are numbered from {@link #firstSequence()}. */
    public long nextSequence() {
        return ring.next();
    }

    /** The first event number this view holds: 0, or where {@link #fromNow()} began. */
    public long firstSequence() {
        return from;
    }

    public Path file() {
        return file;
    }

    /** What the header says is recorded, the capacity and what happens when the ring is full. */
    public TraceOptions options() {
        return header.options();
    }

    /** The header's {@code created_ns}: CLOCK_MONOTONIC at creation, or 0 for a file {@link TraceFile} made. */
    public long createdNanos() {
        return header.createdNanos();
    }

    /** The complete events now, and an account of the ones missing. */
    public TraceSnapshot snapshot() {
        return ring.snapshot(from, droppedBefore);
    }

    /** The complete events now, in event-number order; events still being written are left for a later call. */
    public List<SyscallEvent> events() {
        return snapshot().events();
    }

    public Stream<SyscallEvent> stream() {
        return events().stream();
    }

    /** Complete events now. */
    public int size() {
        return snapshot().size();
    }

    /** Events lost so far, see {@link TraceSnapshot#lost()}: exact after every writer exited, else an upper bound. */
    public long lost() {
        return snapshot().lost();
    }

    @Override
    public String toString() {
        return "SyscallTrace[" + file + ", " + header.options() + "]";
    }

    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the trace header to become ready");
        }
    }
}
