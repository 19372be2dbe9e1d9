// Reads and checks a trace's header: the fields that say how to read the rest of the file.
package dev.sysfault.fault.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The fixed part of a checked header; the counters, {@code paused} and {@code epoch} change while programs run
 * and are read live ({@link LiveHeader}).
 */
record TraceHeader(int flags, int capacity, long createdNanos, TraceOptions options) {

    private static final String REMEDY = "; TraceFile.create makes a valid trace (docs/trace-format.md)";

    /** Checks {@code header} (the first bytes of {@code file}, whose length is {@code fileSize}) as the library does. */
    static TraceHeader check(Path file, ByteBuffer header, long fileSize) {
        ByteBuffer b = header.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        require(fileSize >= TraceFormat.HEADER_SIZE, file, "it has " + fileSize + " bytes, fewer than the "
                + TraceFormat.HEADER_SIZE + "-byte header");
        byte[] magic = new byte[8];
        b.get(0, magic);
        require(Arrays.equals(magic, TraceFormat.MAGIC), file, "it is not a sysfault trace: the magic is "
                + printable(magic) + ", expected \"SFTRACE\" and a zero byte");
        int version = Short.toUnsignedInt(b.getShort(TraceFormat.VERSION_AT));
        require(version == TraceFormat.VERSION, file, "it is format version " + version
                + "; this reader knows version " + TraceFormat.VERSION + " (use the same sysfault version on both sides)");
        int headerSize = Short.toUnsignedInt(b.getShort(TraceFormat.HEADER_SIZE_AT));
        require(headerSize == TraceFormat.HEADER_SIZE, file, "header_size is " + headerSize + ", expected "
                + TraceFormat.HEADER_SIZE);
        int eventSize = Short.toUnsignedInt(b.getShort(TraceFormat.EVENT_SIZE_AT));
        require(eventSize == TraceFormat.EVENT_SIZE, file, "event_size is " + eventSize + ", expected "
                + TraceFormat.EVENT_SIZE);
        long blockEvents = Integer.toUnsignedLong(b.getInt(TraceFormat.BLOCK_EVENTS_AT));
        require(blockEvents == TraceFormat.BLOCK_EVENTS, file, "block_events is " + blockEvents + ", expected "
                + TraceFormat.BLOCK_EVENTS);
        int flags = Short.toUnsignedInt(b.getShort(TraceFormat.FLAGS_AT));
        require((flags & ~TraceFormat.KNOWN_FLAGS) == 0, file, "flag bits 0x"
                + Integer.toHexString(flags & ~TraceFormat.KNOWN_FLAGS) + " are not defined in version "
                + TraceFormat.VERSION);
        long capacity = Integer.toUnsignedLong(b.getInt(TraceFormat.CAPACITY_AT));
        require(Long.bitCount(capacity) == 1 && capacity >= TraceFormat.MIN_CAPACITY
                && capacity <= TraceFormat.MAX_CAPACITY, file, "capacity " + capacity
                + " is not a power of two from " + TraceFormat.MIN_CAPACITY + " to " + TraceFormat.MAX_CAPACITY);
        long expected = TraceFormat.fileSize((int) capacity);
        require(fileSize == expected, file, "it has " + fileSize + " bytes, but a trace of capacity " + capacity
                + " has exactly " + expected + " (4096 + 256 × capacity)");
        int ready = b.getInt(TraceFormat.READY_AT);
        require(ready == 1, file, "its header is not ready (ready = " + ready
                + "): whoever creates it has not finished, or stopped half way");
        long bufferBytes = Integer.toUnsignedLong(b.getInt(TraceFormat.BUFFER_BYTES_AT));
        require(bufferBytes <= TraceFormat.BUFFER_MAX, file, "buffer_bytes is " + bufferBytes + ", more than "
                + TraceFormat.BUFFER_MAX);
        byte[] recordSet = new byte[TraceFormat.RECORD_SET_BYTES];
        b.get(TraceFormat.RECORD_SET_AT, recordSet);
        return new TraceHeader(flags, (int) capacity, b.getLong(TraceFormat.CREATED_AT),
                TraceOptions.fromHeader(flags, (int) capacity, recordSet, (int) bufferBytes));
    }

    boolean stopsWhenFull() {
        return (flags & TraceFormat.STOP_WHEN_FULL) != 0;
    }

    private static void require(boolean ok, Path file, String problem) {
        if (!ok) {
            throw new InvalidTraceFileException(file + ": " + problem + REMEDY);
        }
    }

    private static String printable(byte[] bytes) {
        return StraceString.quote(bytes, bytes.length);
    }
}
