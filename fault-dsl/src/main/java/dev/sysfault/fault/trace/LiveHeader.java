// A trace's header fields that change while programs run: the writers' counters, and paused and epoch.
package dev.sysfault.fault.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A trace's header as every process sees it now (docs/trace-format.md, "Header"): {@code dropped},
 * {@code overwritten} and {@code overwritten_by_epoch}, which writers add to, and {@code paused} and
 * {@code epoch}, which readers set. Mapped read-write when this process may write the file, else read-only:
 * then the counters read as well, and only setting a field fails.
 */
final class LiveHeader {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final MappedByteBuffer map;
    private final Optional<FileSystemException> notWritable;

    private LiveHeader(Path file, MappedByteBuffer map, Optional<FileSystemException> notWritable) {
        this.file = file;
        this.map = map;
        this.notWritable = notWritable;
    }

    /**
     * Maps the header of {@code file}, read-write and shared; read-only when {@code notWritable} says why
     * {@code channel} could not be opened for writing. The mapping stays valid after {@code channel} is closed.
     */
    static LiveHeader map(Path file, FileChannel channel, Optional<FileSystemException> notWritable)
            throws IOException {
        FileChannel.MapMode mode = notWritable.isEmpty() ? FileChannel.MapMode.READ_WRITE
                : FileChannel.MapMode.READ_ONLY;
        return new LiveHeader(file, channel.map(mode, 0, TraceFormat.HEADER_SIZE), notWritable);
    }

    /** The first event number no writer has taken yet: slots from there on were never used, unless the ring wrapped. */
    long next() {
        return (long) LONG.getAcquire(map, TraceFormat.NEXT_AT);
    }

    long dropped() {
        return (long) LONG.getAcquire(map, TraceFormat.DROPPED_AT);
    }

    /** Complete events the ring overwrote, of every epoch. */
    long overwritten() {
        return (long) LONG.getAcquire(map, TraceFormat.OVERWRITTEN_AT);
    }

    /** The epoch events are recorded in now. */
    long epoch() {
        return Integer.toUnsignedLong((int) INT.getAcquire(map, TraceFormat.EPOCH_AT));
    }

    /** Overwritten events recorded in {@code epoch}, while fewer than 256 epochs have passed since. */
    long overwrittenIn(long epoch) {
        return (long) LONG.getAcquire(map, counterAt(epoch));
    }

    boolean paused() {
        return (int) INT.getAcquire(map, TraceFormat.PAUSED_AT) != 0;
    }

    void setPaused(boolean paused) {
        INT.setRelease(map, TraceFormat.PAUSED_AT, paused ? 1 : 0);
    }

    /**
     * Raises {@code epoch} by one, as a view from now does: zeroes the raised epoch's counter in
     * {@code overwritten_by_epoch}, then compares-and-swaps {@code epoch}, again from the new value when
     * another reader raised it first.
     *
     * @return the epoch it raised {@code epoch} to
     * @throws UncheckedIOException if this process may not write the file
     */
    long raiseEpoch() {
        if (notWritable.isPresent()) {
            FileSystemException e = notWritable.get();
            throw new UncheckedIOException(file + ": a view from now raises the epoch in the trace's header, but"
                    + " this process may not write the file (" + e.getClass().getSimpleName()
                    + (e.getReason() == null ? "" : ": " + e.getReason()) + "); SyscallTrace.open reads it whole",
                    e);
        }
        while (true) {
            int current = (int) INT.getAcquire(map, TraceFormat.EPOCH_AT);
            int raised = current + 1;
            LONG.setVolatile(map, counterAt(Integer.toUnsignedLong(raised)), 0L);
            if (INT.compareAndSet(map, TraceFormat.EPOCH_AT, current, raised)) {
                return Integer.toUnsignedLong(raised);
            }
        }
    }

    private static int counterAt(long epoch) {
        return TraceFormat.OVERWRITTEN_BY_EPOCH_AT + 8 * (int) (epoch % TraceFormat.EPOCHS);
    }
}
