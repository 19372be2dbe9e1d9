// Deliberately wrong versions of the samples' code, one bug each, for exploration to find (MishandledVariantsTest).
package dev.sysfault.samples.mishandled;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

final class WrongVariants {

    private WrongVariants() {
    }

    /** The write-ahead log's commit, swallowing a failed fsync and reporting success. */
    static boolean commitSwallowingFsync(Path wal, byte[] record) throws IOException {
        try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(record));
            try {
                channel.force(true);
            } catch (IOException swallowed) {
                // the bug: the caller is told the record is durable
            }
            return true;
        }
    }

    /** The copier, leaving its target open when a write fails. */
    static void copyLeakingOnFailedWrite(Path source, Path target) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        FileOutputStream out = new FileOutputStream(target.toFile());
        out.write(bytes);   // the bug: a failure here leaves out open
        out.close();
    }

    /** The config loader, reading again and again while the file keeps failing. */
    static Properties loadRetryingForever(Path file) {
        while (true) {
            try (InputStream in = Files.newInputStream(file)) {
                Properties p = new Properties();
                p.load(in);
                return p;
            } catch (IOException e) {
                // the bug: a disk that died never answers, and this never gives up
            }
        }
    }

    /** The config loader, ending the whole program when the file cannot be opened. */
    static Properties loadHaltingOnFailedOpen(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            Runtime.getRuntime().halt(3);   // the bug: System.exit's harsher cousin, in a library
            return new Properties();
        }
    }
}
