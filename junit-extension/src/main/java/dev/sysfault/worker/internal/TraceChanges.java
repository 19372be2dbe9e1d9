// In a worker whose parent keeps a copy of its directory: the trace's slots that changed since they were last sent.
package dev.sysfault.worker.internal;

import dev.sysfault.worker.internal.Messages.FilePart;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A slot changed when its {@code commit} word did (docs/trace-format.md): a new event, or one still being written,
 * which is sent again once complete. Slots go first, the header last, so that the parent's copy never counts an
 * event whose bytes it lacks. Comparing every slot's word, rather than sending from the last {@code next}, also
 * catches a thread that still writes into a block of numbers it took before the last sending.
 */
final class TraceChanges {

    private static final int HEADER = 4096;
    private static final int CAPACITY_AT = 16;
    private static final int EVENT = 256;
    /** Slots per part: a part stays a few hundred kilobytes. */
    private static final int SLOTS_PER_PART = 1024;

    private final String name;
    private final MappedByteBuffer file;
    private final long[] sent;

    private TraceChanges(String name, MappedByteBuffer file, int capacity) {
        this.name = name;
        this.file = file;
        this.sent = new long[capacity];
    }

    static TraceChanges of(Path trace) throws IOException {
        try (FileChannel channel = FileChannel.open(trace, StandardOpenOption.READ)) {
            MappedByteBuffer file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            file.order(ByteOrder.LITTLE_ENDIAN);
            return new TraceChanges(trace.getFileName().toString(), file, file.getInt(CAPACITY_AT));
        }
    }

    /** Sends the slots that changed since the last call, then the header. */
    synchronized void send(DataOutputStream out) throws IOException {
        int first = -1;
        for (int slot = 0; slot <= sent.length; slot++) {
            boolean changed = slot < sent.length && file.getLong(HEADER + slot * EVENT) != sent[slot];
            if (changed && first < 0) {
                first = slot;
            }
            if (first >= 0 && (!changed || slot - first == SLOTS_PER_PART)) {
                sendSlots(out, first, slot);
                first = changed ? slot : -1;
            }
        }
        byte[] header = new byte[HEADER];
        file.get(0, header);
        Messages.write(out, new FilePart(name, 0, header, false));
    }

    private void sendSlots(DataOutputStream out, int from, int to) throws IOException {
        byte[] bytes = new byte[(to - from) * EVENT];
        file.get(HEADER + from * EVENT, bytes);
        for (int slot = from; slot < to; slot++) {
            // what was sent: a slot rewritten since the read above is sent again next time
            sent[slot] = ByteBuffer.wrap(bytes, (slot - from) * EVENT, 8).order(ByteOrder.LITTLE_ENDIAN)
                    .getLong();
        }
        Messages.write(out, new FilePart(name, HEADER + (long) from * EVENT, bytes, false));
    }
}
