// A JVM program for the trace tests: creates one file, writes a known number of bytes, forces them to disk, closes.
package dev.sysfault.junit.programs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code SyncedWrite FILE BYTES}: {@code openat(FILE, O_CREAT|O_EXCL|O_WRONLY)}, one {@code write} of BYTES
 * bytes (a direct buffer, so the JDK hands it to write(2) as it is), {@code fsync}, {@code close}; prints
 * "wrote BYTES". The main thread makes all four calls.
 */
public final class SyncedWrite {

    private SyncedWrite() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int bytes = Integer.parseInt(args[1]);
        ByteBuffer data = ByteBuffer.allocateDirect(bytes);
        while (data.hasRemaining()) {
            data.put((byte) 'j');
        }
        data.flip();
        int written = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (data.hasRemaining()) {
                written += channel.write(data);
            }
            channel.force(true);
        }
        System.out.println("wrote " + written);
    }
}
