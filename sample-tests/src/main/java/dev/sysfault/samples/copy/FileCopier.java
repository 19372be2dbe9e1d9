// Copies a file through a buffer, coping with writes that take fewer bytes than offered.
package dev.sysfault.samples.copy;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The copy is written to {@code <target>.part}, synced, and only then renamed over {@code target}: a reader of
 * {@code target} sees the old file or the whole new one, never half of it. A write may take fewer bytes than it
 * was given (a full disk, a signal, a pipe); the bytes it left stay in the buffer for the next one.
 */
public final class FileCopier {

    public static final String PART_SUFFIX = ".part";
    private static final int BUFFER_BYTES = 64 * 1024;

    private FileCopier() {
    }

    /** Copies {@code source} to {@code target}, replacing it; returns the number of bytes copied. */
    public static long copy(Path source, Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + PART_SUFFIX);
        long copied = 0;
        try (FileChannel in = FileChannel.open(source, READ);
             FileChannel out = FileChannel.open(part, WRITE, CREATE, TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
            boolean endOfSource = false;
            while (!endOfSource || buffer.position() > 0) {
                if (!endOfSource && buffer.hasRemaining()) {
                    endOfSource = in.read(buffer) < 0;
                }
                buffer.flip();
                copied += out.write(buffer);
                buffer.compact();
            }
            out.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        try {
            Files.move(part, target, REPLACE_EXISTING, ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(part);   // a rename that failed left the whole copy beside the target
            throw e;
        }
        return copied;
    }
}
