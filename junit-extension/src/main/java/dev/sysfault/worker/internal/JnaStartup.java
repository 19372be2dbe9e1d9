// What JNA does at every JVM's start that a worker can skip: unpacking its native library and asking ldconfig.
package dev.sysfault.worker.internal;

import dev.sysfault.run.internal.CacheDirectory;
import dev.sysfault.run.internal.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Two things JNA does in every JVM, which took a worker about 50 and 30 ms:
 * <ul>
 * <li>It unpacks {@code libjnidispatch.so} from its jar to a new temporary file. Pointed at a copy by
 *     {@code jna.boot.library.path}, it loads that instead. The copy is the jar's, byte for byte (by SHA-256), in
 *     {@code <cache>/jna/<version>/}, kept as {@link NativeLibrary} keeps its own, in the trusted cache.</li>
 * <li>Unless {@value #PLATFORM_PATH} is set, it runs {@code ldconfig -p} for the directories it searches for
 *     libraries by name, and sets the property to them. The first worker JVM that computes them writes them next to
 *     the copy, named by {@code /etc/ld.so.cache}'s time and size, and later workers are given the same value, so
 *     their JNA searches exactly where it would have searched. A value this JVM has (set by a user, or by JNA in this
 *     JVM) is passed on to workers as every system property is, and nothing is written.</li>
 * </ul>
 */
final class JnaStartup {

    static final String PLATFORM_PATH = "jna.platform.library.path";
    /** Given to a worker that is to write the directories its JNA found into the file it names. */
    static final String RECORD_PROPERTY = "sysfault.jna.platform.record";

    private static final String DISPATCH = "com/sun/jna/linux-x86-64/libjnidispatch.so";
    private static final Path LINKER_CACHE = Path.of("/etc/ld.so.cache");

    private static Path copy;
    /** Made once, so that every worker this JVM starts has the same command (a spare is used only if it does). */
    private static List<String> options;

    private JnaStartup() {
    }

    /** The worker's JNA options; none if this class path's JNA has no library for this machine. */
    static synchronized List<String> options() {
        if (options != null && (copy == null || Files.isRegularFile(copy))) {
            return options;
        }
        copy = NativeLibrary.cachedCopy("jna", "libjnidispatch.so", DISPATCH).orElse(null);
        if (copy == null) {
            options = List.of();   // JNA unpacks whatever it has, as it would
            return options;
        }
        Path dir = copy.getParent();
        List<String> made = new ArrayList<>();
        made.add("-Djna.boot.library.path=" + dir);
        Optional<Path> paths = platformPaths(dir);
        if (System.getProperty(PLATFORM_PATH) == null && paths.isPresent()) {
            try {
                // It says where JNA loads libraries from by name: believed only as the cache's policy allows.
                CacheDirectory.checkFile(paths.get());
                made.add("-D" + PLATFORM_PATH + "=" + Files.readString(paths.get(), StandardCharsets.UTF_8));
            } catch (IOException notYetOrNotOurs) {
                made.add("-D" + RECORD_PROPERTY + "=" + paths.get());
            }
        }
        if (options == null) {
            options = List.copyOf(made);
        }
        return options;
    }

    /**
     * The same for JNA in this JVM, before it first loads ({@link InProcess}): the options become system properties,
     * unless this JVM has them already.
     */
    static void useHere() {
        for (String option : options()) {
            int is = option.indexOf('=');
            String name = option.substring(2, is);
            if (System.getProperty(name) == null) {
                System.setProperty(name, option.substring(is + 1));
            }
        }
    }

    /** The next {@link #options()} looks at the cache again (for tests). */
    static synchronized void forgetOptions() {
        options = null;
    }

    /** Once JNA is loaded (in a worker, or here for {@link InProcess}): writes its directories if asked to. */
    static void recordPlatformPaths() {
        String record = System.getProperty(RECORD_PROPERTY);
        String value = System.getProperty(PLATFORM_PATH);
        if (record == null || value == null || value.chars().anyMatch(Character::isISOControl)) {
            return;
        }
        Path file = Path.of(record);
        try {
            // Not Files.createTempFile: its random names cost a JVM's first call about 40 ms.
            Path temporary = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid());
            try {
                Files.writeString(temporary, value, StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            // the next worker asks ldconfig again
        }
    }

    /** The file for the directories JNA finds with the linker cache as it is now; none without one. */
    private static Optional<Path> platformPaths(Path dir) {
        try {
            return Optional.of(dir.resolve("platform-library-path-" + Files.getLastModifiedTime(LINKER_CACHE).toMillis()
                    + "-" + Files.size(LINKER_CACHE)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
