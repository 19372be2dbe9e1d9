// Finds libsysfault.so: a build named by a system property, or the class path copy extracted once to the trusted cache.
package dev.sysfault.run.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * {@link #path()}: where {@code libsysfault.so} is, for a child's {@code LD_PRELOAD}.
 *
 * <ol>
 * <li>The system property {@value #PROPERTY}, when set, names a library built elsewhere (for example
 *     {@code interceptor-native/target/native/libsysfault.so}); it must exist.</li>
 * <li>Otherwise the library inside the {@code sysfault-interceptor-native} jar ({@value #RESOURCE}) is
 *     copied to {@code <cache>/lib/<its CRC-32 and size in hex>/libsysfault.so}, where {@code <cache>} is the
 *     {@link CacheDirectory}: a directory no other user can change, as the library may be preloaded into programs
 *     that run as root. The directories are made 0700, the file 0755, written to a temporary file and renamed into
 *     place, so a program that has the old file mapped keeps it and no reader sees a half-written one. A file
 *     already there is used only if it passes {@link CacheDirectory#checkFile} and its SHA-256 is the class path
 *     copy's ({@link VerifiedCopy}); otherwise it is written anew. The file is kept after the JVM exits: programs
 *     started from it may outlive it, and the next JVM finds it.</li>
 * </ol>
 *
 * A jar's entry says its CRC-32 and size, which name the copy's directory, and a copy already verified is known by
 * its identity, so a JVM that finds it reads none of the library's bytes (reading and checking them cost each JVM's
 * first worker about 35 ms). The extracted file is checked for existence on every call.
 */
public final class NativeLibrary {

    /** A system property naming a {@code libsysfault.so} to use instead of the class path's. */
    public static final String PROPERTY = "sysfault.library";
    /** Where the {@code sysfault-interceptor-native} jar carries the library. */
    public static final String RESOURCE = "META-INF/native/linux-x86_64/libsysfault.so";

    private static final String FILE_NAME = "libsysfault.so";
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
                extracted = extract(defaultCacheDirectory(), libraryUrl(loader()));
            }
            return extracted;
        }
    }

    /** The trusted cache directory: {@link CacheDirectory#get()}. */
    public static Path defaultCacheDirectory() {
        return CacheDirectory.get();
    }

    /** Where {@code loader}'s class path has {@value #RESOURCE}; an error that says how to build one if it has none. */
    static URL libraryUrl(ClassLoader loader) {
        URL url = loader.getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException("libsysfault.so is not on the class path (" + RESOURCE
                    + " in the sysfault-interceptor-native jar) and -D" + PROPERTY + " is not set: " + HOW_TO_BUILD);
        }
        return url;
    }

    /**
     * Makes sure {@code <cacheDirectory>/lib/<version>/libsysfault.so} holds exactly {@code library} (an entry of a
     * jar, or a file of a class directory) and returns it: kept if its size is right, else (missing, truncated)
     * written anew.
     */
    static Path extract(Path cacheDirectory, URL library) {
        return extract(cacheDirectory.resolve("lib"), FILE_NAME, Resource.of(library), "; make the directory"
                + " writable, or point -D" + PROPERTY + " at a libsysfault.so");
    }

    /**
     * The same for another file of the class path that the cache keeps: {@code <cache>/<kind>/<version>/<fileName>}
     * holding exactly the resource {@code name} (JNA's native library for the worker JVMs, say); empty if the class
     * path has no such resource.
     */
    public static Optional<Path> cachedCopy(String kind, String fileName, String name) {
        URL url = loader().getResource(name);
        if (url == null) {
            return Optional.empty();
        }
        return Optional.of(extract(defaultCacheDirectory().resolve(kind), fileName, Resource.of(url),
                "; make the directory writable"));
    }

    private static ClassLoader loader() {
        ClassLoader loader = NativeLibrary.class.getClassLoader();
        return loader != null ? loader : ClassLoader.getSystemClassLoader();
    }

    private static Path extract(Path parent, String fileName, Resource resource, String remedy) {
        Path file = parent.resolve(resource.version()).resolve(fileName);
        try {
            Path dir = CacheDirectory.trusted(file.getParent());
            file = dir.resolve(fileName);
            if (VerifiedCopy.holds(file, resource::bytes)) {
                return file;
            }
            byte[] bytes = resource.bytes();
            Path temporary = Files.createTempFile(dir, "." + fileName + "-", ".tmp",
                    PosixFilePermissions.asFileAttribute(LIBRARY_FILE));
            try {
                Files.write(temporary, bytes);
                Files.setPosixFilePermissions(temporary, LIBRARY_FILE); // whatever the umask
                // a rename within one directory: atomic, so no process sees a half-written library
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            VerifiedCopy.remember(file, VerifiedCopy.sha256(bytes));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + fileName + " to " + file + ": " + e.getMessage()
                    + remedy, e);
        }
    }

    /** A checksum for naming what the cache keeps: the CRC-32 and the length of {@code bytes}, 16 hex digits. */
    public static String checksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return version(crc.getValue(), bytes.length);
    }

    private static String version(long crc, long size) {
        return String.format("%08x%08x", crc, size);
    }

    /**
     * A file of the class path: its version (CRC-32 and size) from its jar's directory when it is in one, so
     * nothing is read to name it; its bytes only when it must be copied.
     */
    private record Resource(long crc, long size, Supplier<byte[]> content) {

        static Resource of(byte[] bytes) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            return new Resource(crc.getValue(), bytes.length, () -> bytes);
        }

        @SuppressWarnings("try") // the jar file is only closed: without caches, its connection opened it for us
        static Resource of(URL url) {
            try {
                if (url.openConnection() instanceof JarURLConnection jar) {
                    jar.setUseCaches(false);
                    JarEntry entry = jar.getJarEntry();
                    if (entry.getCrc() >= 0 && entry.getSize() >= 0) {
                        try (JarFile file = jar.getJarFile()) {
                            return new Resource(entry.getCrc(), entry.getSize(), () -> read(url));
                        }
                    }
                }
                return of(read(url));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + url, e);
            }
        }

        String version() {
            return NativeLibrary.version(crc, size);
        }

        /** The bytes, checked against the version they were named by. */
        byte[] bytes() {
            byte[] bytes = content.get();
            if (!of(bytes).version().equals(version())) {
                throw new IllegalStateException("the class path's copy changed while it was read: its CRC-32 and size"
                        + " are not " + version() + " any more (was the jar rebuilt during the run?)");
            }
            return bytes;
        }

        private static byte[] read(URL url) {
            try {
                URLConnection connection = url.openConnection();
                connection.setUseCaches(false);
                try (InputStream in = connection.getInputStream()) {
                    return in.readAllBytes();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + url, e);
            }
        }
    }
}
