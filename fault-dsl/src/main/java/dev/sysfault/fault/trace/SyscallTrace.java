// A live view of a trace file that programs may still be recording into; it writes only the header's epoch.
package dev.sysfault.fault.trace;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
    private final LiveHeader live;
    private final EventRing ring;
    private final ViewStart view;
    private final Optional<TraceScope> scope;

    private SyscallTrace(Path file, TraceHeader header, LiveHeader live, EventRing ring, ViewStart view,
            Optional<TraceScope> scope) {
        this.file = file;
        this.header = header;
        this.live = live;
        this.ring = ring;
        this.view = view;
        this.scope = scope;
    }

    /**
     * Maps {@code file}, waiting up to a second for its header to become ready (as the library does). A file
     * this process may not write is read as well; only {@link #fromNow()} needs to write it.
     *
     * @throws InvalidTraceFileException if the header fails the checks of docs/trace-format.md
     */
    public static SyscallTrace open(Path file) throws IOException {
        return open(file, READY_WAIT);
    }

    static SyscallTrace open(Path file, Duration readyWait) throws IOException {
        Objects.requireNonNull(file, "file");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (FileSystemException notWritable) { // another user's file, a read-only mount
            return openReadOnly(file, readyWait, notWritable);
        }
        try (channel) {
            return open(file, channel, readyWait, Optional.empty());
        }
    }

    /** {@link #open(Path)} for a file this process may not write, for the reason {@code notWritable} gives. */
    static SyscallTrace openReadOnly(Path file, Duration readyWait, FileSystemException notWritable)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return open(file, channel, readyWait, Optional.of(notWritable));
        }
    }

    private static SyscallTrace open(Path file, FileChannel channel, Duration readyWait,
            Optional<FileSystemException> notWritable) throws IOException {
        long deadline = System.nanoTime() + readyWait.toNanos();
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
        LiveHeader live = LiveHeader.map(file, channel, notWritable);
        return new SyscallTrace(file, header, live, EventRing.map(channel, header, live), ViewStart.WHOLE_FILE,
                Optional.empty());
    }

    /**
     * A view of the same file that holds only the calls recorded from now on, with its own account of lost
     * events: one test's calls in a trace that a long-lived process keeps recording into. It raises the
     * epoch in the file's header (docs/trace-format.md, "Views from now"): the events recorded after this
     * returns carry the new epoch, and the view holds the events of that epoch and later ones.
     *
     * @throws java.io.UncheckedIOException if this process may not write the file
     */
    public SyscallTrace fromNow() {
        return new SyscallTrace(file, header, live, ring, ViewStart.fromNow(live), scope);
    }

    /**
     * The same view holding only the calls of {@code scope}: a test's thread and the threads and processes it
     * started, without the runtime's own calls. A test's trace is such a view.
     */
    public SyscallTrace scopedTo(TraceScope scope) {
        return new SyscallTrace(file, header, live, ring, view, Optional.of(scope));
    }

    /** The same view with the calls of every thread and process that recorded into the file, its JVM's own included. */
    public SyscallTrace allThreads() {
        return new SyscallTrace(file, header, live, ring, view, Optional.empty());
    }

    /** The scope this view is limited to, if any ({@link #scopedTo}). */
    public Optional<TraceScope> scope() {
        return scope;
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

    /**
     * The complete events now, and an account of the ones missing (of every thread's, also in a scoped view:
     * the trace cannot tell whose a lost event was).
     */
    public TraceSnapshot snapshot() {
        TraceSnapshot all = ring.snapshot(view);
        return scope.map(s -> new TraceSnapshot(s.select(all.events()), all.dropped(), all.overwritten(),
                all.incomplete())).orElse(all);
    }

    /**
     * The complete events now, in the order they were recorded ({@link TraceSnapshot}); events still being
     * written are left for a later call.
     */
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

    /** Events lost so far, see {@link TraceSnapshot#lost()}: exact after every writer exited. */
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
