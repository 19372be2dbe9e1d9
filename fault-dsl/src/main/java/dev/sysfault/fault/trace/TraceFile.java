// Creates the empty trace file a program records into (SYSFAULT_TRACE), exactly as docs/trace-format.md says.
package dev.sysfault.fault.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * The file side of a trace: {@link #create} before the program starts, then {@link SyscallTrace#open} to read
 * it and {@link TraceRecording#open} to pause and resume it.
 */
public final class TraceFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private TraceFile() {
    }

    /**
     * Creates {@code file} (which must not exist) with mode 0600: the header filled in ({@code paused} 1
     * for {@link TraceOptions#paused()}, {@code block_events} 16, {@code epoch} and the counters 0),
     * {@code ready} written last, every event slot zero. {@code created_ns} is 0: Java cannot read
     * CLOCK_MONOTONIC ({@code System.nanoTime()} has an unspecified origin and {@code /proc/uptime} is
     * CLOCK_BOOTTIME at 10 ms), so event times are only comparable with each other.
     *
     * @return {@code file}
     * @throws java.nio.file.FileAlreadyExistsException if it exists: a trace is never recorded over another
     */
    public static Path create(Path file, TraceOptions options) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.setPosixFilePermissions(file, OWNER_ONLY); // whatever the umask
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(1), TraceFormat.fileSize(options.capacity()) - 1);
            channel.write(header(options), 0);
            ByteBuffer ready = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1);
            channel.write(ready, TraceFormat.READY_AT);
        }
        return file;
    }

    /** The header with {@code ready} still 0. */
    static ByteBuffer header(TraceOptions options) {
        ByteBuffer b = ByteBuffer.allocate(TraceFormat.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(TraceFormat.MAGIC).putShort((short) TraceFormat.VERSION).putShort((short) TraceFormat.HEADER_SIZE)
                .putShort((short) TraceFormat.EVENT_SIZE).putShort((short) options.flags()).putInt(options.capacity());
        b.putInt(TraceFormat.BLOCK_EVENTS_AT, TraceFormat.BLOCK_EVENTS);
        b.putInt(TraceFormat.BUFFER_BYTES_AT, options.bufferBytes());
        b.put(TraceFormat.RECORD_SET_AT, options.recordSet());
        b.putInt(TraceFormat.PAUSED_AT, options.startsPaused() ? 1 : 0);
        return b.rewind();
    }
}
