// The log's record format (length, CRC-32, bytes) and the scan that finds where the intact records end.
package dev.sysfault.samples.wal;

import static java.nio.file.StandardOpenOption.READ;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/** Reads a log: {@link #readAll(Path)} gives its intact records, as recovery after a crash would. */
public final class WalRecords {

    static final int HEADER_BYTES = 8;

    private WalRecords() {
    }

    /** Every intact record of the log in {@code dir}, oldest first; a torn or corrupt tail is ignored. */
    public static List<byte[]> readAll(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve(WriteAheadLog.FILE_NAME), READ)) {
            List<byte[]> records = new ArrayList<>();
            scan(channel, records);
            return records;
        }
    }

    static ByteBuffer header(byte[] record) {
        return ByteBuffer.allocate(HEADER_BYTES).putInt(record.length).putInt(crc(record)).flip();
    }

    /** How many bytes at the start of the file hold whole records with good checksums. */
    static long validLength(FileChannel channel) throws IOException {
        return scan(channel, null);
    }

    private static long scan(FileChannel channel, List<byte[]> records) throws IOException {
        long size = channel.size();
        long position = 0;
        while (position + HEADER_BYTES <= size) {
            ByteBuffer header = readAt(channel, position, HEADER_BYTES);
            int length = header.getInt();
            int crc = header.getInt();
            if (length < 0 || position + HEADER_BYTES + length > size) {
                break; // torn: the crash came before the whole record was written
            }
            byte[] record = readAt(channel, position + HEADER_BYTES, length).array();
            if (crc(record) != crc) {
                break; // corrupt: nothing after it can be trusted
            }
            if (records != null) {
                records.add(record);
            }
            position += HEADER_BYTES + length;
        }
        return position;
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the log ended while being read");
            }
        }
        return buffer.flip();
    }

    private static int crc(byte[] record) {
        CRC32 crc = new CRC32();
        crc.update(record);
        return (int) crc.getValue();
    }
}
