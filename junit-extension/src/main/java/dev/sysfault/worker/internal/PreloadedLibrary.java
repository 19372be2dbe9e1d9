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
     * The entry of {@code LD_PRELOAD} that is {@code mapped}, as written there: the name glibc keeps for the loaded
     * library, so that a {@code dlopen} of it finds that library by its name and opens no file (a file swapped in at
     * the path after the check above is never read). Only an absolute entry: a relative one would be searched for.
     */
    private static Optional<Path> preloadEntryFor(Path mapped) throws IOException {
        for (String entry : System.getenv("LD_PRELOAD").split("[: ]")) {
            Path p = Path.of(entry);
            if (p.isAbsolute() && entry.endsWith(FILE) && Files.exists(p) && p.toRealPath().equals(mapped)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The libsysfault.so this JVM has mapped, if {@code LD_PRELOAD} names one: by the path the kernel shows for the
     * mapping, and only while that path still leads to the mapped file (the same inode); given as {@code LD_PRELOAD}
     * names it ({@link #preloadEntryFor}), so that binding it finds the library already loaded.
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
                    if (!(inode instanceof Long n && n == Long.parseLong(f[4]))) {
                        return Optional.empty();
                    }
                    return preloadEntryFor(path);
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();   // not readable, or the file is gone: a worker runs the test
        }
    }
}
