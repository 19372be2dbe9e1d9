// The libsysfault.so this JVM itself was started with, through LD_PRELOAD: where the first faulted test can run here.
package dev.sysfault.worker.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** Read by {@link InProcess}; a worker JVM's own preload is not one. */
final class PreloadedLibrary {

    private static final String FILE = "/libsysfault.so";

    private PreloadedLibrary() {
    }

    /** Whether this JVM's {@code LD_PRELOAD} names libsysfault.so (it is not a worker's). */
    static boolean named() {
        String preload = System.getenv("LD_PRELOAD");
        return preload != null && preload.contains("libsysfault") && !Workers.inWorker();
    }

    /**
     * The libsysfault.so this JVM has mapped, if {@code LD_PRELOAD} names one: by the path the kernel shows for the
     * mapping, and only while that path still leads to the mapped file (the same inode), so that binding it finds
     * the library already loaded rather than whatever file is there now.
     */
    static Optional<Path> mapped() {
        if (!named()) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                String[] f = line.trim().split("\\s+", 6);
                if (f.length == 6 && f[5].endsWith(FILE)) {
                    Path path = Path.of(f[5]);
                    Object inode = Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
                    return inode instanceof Long n && n == Long.parseLong(f[4]) ? Optional.of(path) : Optional.empty();
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();   // not readable, or the file is gone: a worker runs the test
        }
    }
}
