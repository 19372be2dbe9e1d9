// A write-ahead log: checksummed records appended to one file in a directory, durable once commit() returns.
package dev.sysfault.samples.wal;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Each record is a header (length, CRC-32) followed by its bytes. {@link #append} writes a whole record or, if a
 * write fails, cuts the file back so that no torn record stays behind; {@link #commit} fsyncs. A failed fsync
 * breaks the log for good: the kernel may already have dropped the pages it could not write, so a second fsync
 * could succeed without the data ever reaching the disk. Reopening recovers what the file really holds.
 */
public final class WriteAheadLog implements Closeable {

    public static final String FILE_NAME = "wal.log";

    private final FileChannel channel;
    private long end;
    private IOException broken;

    private WriteAheadLog(FileChannel channel, long end) {
        this.channel = channel;
        this.end = end;
    }

    /** Opens the log in {@code dir}, creating it, and drops a torn or corrupt tail that a crash left. */
    public static WriteAheadLog open(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        boolean created = Files.notExists(file);
        FileChannel channel = FileChannel.open(file, CREATE, READ, WRITE);
        try {
            long valid = WalRecords.validLength(channel);
            channel.truncate(valid);
            channel.position(valid);
            if (created) {
                syncDirectory(dir);
            }
            return new WriteAheadLog(channel, valid);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Appends one record; it is durable after the next {@link #commit()}. */
    public void append(byte[] record) throws IOException {
        requireUsable();
        ByteBuffer header = WalRecords.header(record);
        ByteBuffer payload = ByteBuffer.wrap(record);
        try {
            writeFully(header);
            writeFully(payload);
        } catch (IOException e) {
            cutBackTo(end, e);
            throw new IOException("could not append a record of " + record.length + " bytes: " + e.getMessage(), e);
        }
        end += header.limit() + payload.limit();
    }

    /** Makes every appended record durable. */
    public void commit() throws IOException {
        requireUsable();
        try {
            channel.force(true);
        } catch (IOException e) {
            broken = e;
            throw new IOException("commit failed, records since the last commit may be lost: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Removes the part of a record that made it into the file, so that recovery never sees it. */
    private void cutBackTo(long length, IOException cause) {
        try {
            channel.truncate(length);
            channel.position(length);
        } catch (IOException e) {
            cause.addSuppressed(e);
            broken = cause;
        }
    }

    private void requireUsable() {
        if (broken != null) {
            throw new IllegalStateException("the log is broken (" + broken.getMessage() + "): reopen it to recover");
        }
    }

    /** Makes the new file's name durable: its directory entry is only on disk once the directory is synced. */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel directory = FileChannel.open(dir, READ)) {
            directory.force(true);
        }
    }
}
