// Finds libsysfault.so: a build named by a system property, or the copy in the class path extracted once to a private cache.
package dev.sysfault.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * {@link #path()}: where {@code libsysfault.so} is, for a child's {@code LD_PRELOAD}.
 *
 * <ol>
 * <li>The system property {@value #PROPERTY}, when set, names a library built elsewhere (for example
 *     {@code interceptor-native/target/native/libsysfault.so}); it must exist.</li>
 * <li>Otherwise the library inside the {@code sysfault-interceptor-native} jar ({@value #RESOURCE}) is
 *     copied to {@code <cache>/lib/<its CRC-32C and CRC-32 in hex>/libsysfault.so}, where
 *     {@code <cache>} is {@code $XDG_CACHE_HOME/sysfault} or {@code ~/.cache/sysfault} (the library's
 *     own cache directory). The directories are made 0700, the file 0755, written to a temporary file
 *     and renamed into place, so a program that has the old file mapped keeps it and no reader sees a
 *     half-written one. A file already there is used only if its bytes are the same; otherwise it is
 *     written anew. The file is kept after the JVM exits: programs started from it may outlive it, and the
 *     next JVM finds it.</li>
 * </ol>
 *
 * The class path is read once per JVM; the extracted file is checked for existence on every call.
 */
public final class NativeLibrary {

    /** A system property naming a {@code libsysfault.so} to use instead of the class path's. */
    public static final String PROPERTY = "sysfault.library";
    /** Where the {@code sysfault-interceptor-native} jar carries the library. */
    public static final String RESOURCE = "META-INF/native/linux-x86_64/libsysfault.so";

    private static final String FILE_NAME = "libsysfault.so";
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> LIBRARY_FILE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final String HOW_TO_BUILD = "build it with `ci/test` (or `mvn -pl interceptor-native -am package`"
            + " after ci/build-capstone.sh) and put the sysfault-interceptor-native jar on the class path,"
            + " or point -D" + PROPERTY + "=/path/to/libsysfault.so at a library built with"
            + " `make -C interceptor-native OUT=target/native CAPSTONE_DIR=/var/cache/sysfault/capstone-x86`";

    private static Path extracted;

    private NativeLibrary() {
    }

    /**
     * The library to preload: {@value #PROPERTY} if set, else the class path's copy, extracted.
     *
     * @throws IllegalStateException if the property names no file, or it is unset and the class path holds
     *     no library; the message says how to build one
     * @throws UncheckedIOException if the cache directory cannot be written
     */
    public static Path path() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            Path library = Path.of(property).toAbsolutePath().normalize();
            if (!Files.isRegularFile(library)) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + property + " names no file: "
                        + HOW_TO_BUILD.replace("build it", "build the library"));
            }
            return library;
        }
        synchronized (NativeLibrary.class) {
            if (extracted == null || !Files.isRegularFile(extracted, LinkOption.NOFOLLOW_LINKS)) {
                extracted = extract(defaultCacheDirectory(), classPathLibrary());
            }
            return extracted;
        }
    }

    /** {@code $XDG_CACHE_HOME/sysfault} when that is an absolute path, else {@code ~/.cache/sysfault}. */
    public static Path defaultCacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Path.of(xdg, "sysfault");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "sysfault");
    }

    /** The bytes of {@value #RESOURCE} from this class's class loader. */
    static byte[] classPathLibrary() {
        ClassLoader loader = NativeLibrary.class.getClassLoader();
        return classPathLibrary(loader != null ? loader : ClassLoader.getSystemClassLoader());
    }

    static byte[] classPathLibrary(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("libsysfault.so is not on the class path (" + RESOURCE
                        + " in the sysfault-interceptor-native jar) and -D" + PROPERTY + " is not set: "
                        + HOW_TO_BUILD);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the class path", e);
        }
    }

    /**
     * Makes sure {@code <cacheDirectory>/lib/<hash>/libsysfault.so} holds exactly {@code library} and returns
     * it: kept if its bytes are right, else (missing, changed, truncated) written anew.
     */
    static Path extract(Path cacheDirectory, byte[] library) {
        return extract(cacheDirectory.resolve("lib"), FILE_NAME, library, "; make the directory writable, or point -D"
                + PROPERTY + " at a libsysfault.so");
    }

    /**
     * The same for another file the cache keeps: {@code <cache>/<kind>/<hash>/<fileName>} holding exactly
     * {@code bytes} (JNA's native library for the worker JVMs, say).
     */
    public static Path cachedCopy(String kind, String fileName, byte[] bytes) {
        return extract(defaultCacheDirectory().resolve(kind), fileName, bytes, "; make the directory writable");
    }

    private static Path extract(Path parent, String fileName, byte[] library, String remedy) {
        Path dir = parent.resolve(checksum(library));
        Path file = dir.resolve(fileName);
        try {
            createPrivateDirectories(dir);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Arrays.equals(Files.readAllBytes(file), library)) {
                if (!Files.getPosixFilePermissions(file).containsAll(LIBRARY_FILE)) {
                    Files.setPosixFilePermissions(file, LIBRARY_FILE);
                }
                return file;
            }
            Path temporary = Files.createTempFile(dir, "." + fileName + "-", ".tmp",
                    PosixFilePermissions.asFileAttribute(LIBRARY_FILE));
            try {
                Files.write(temporary, library);
                Files.setPosixFilePermissions(temporary, LIBRARY_FILE); // whatever the umask
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + fileName + " to " + file + remedy, e);
        }
    }

    /** Creates what is missing of {@code dir} with mode 0700; the directories below the cache are made private. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createPrivateDirectories(parent);
        }
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another JVM made it first
            }
            Files.setPosixFilePermissions(dir, PRIVATE_DIR); // whatever the umask
        }
    }

    /**
     * The cache directory's name for a build of the library: its CRC-32C and CRC-32, 16 hex digits. Every JVM
     * that starts workers or programs computes it, so it is a checksum rather than a digest (SHA-256 made each
     * JVM's first run about 50 ms slower, mostly loading the security providers); the file found there is then
     * compared byte for byte. The workers' class archives are named by it too.
     */
    public static String checksum(byte[] bytes) {
        CRC32C castagnoli = new CRC32C();
        castagnoli.update(bytes);
        CRC32 ieee = new CRC32();
        ieee.update(bytes);
        return String.format("%08x%08x", castagnoli.getValue(), ieee.getValue());
    }
}
