// The files a class path needs: its entries, and the jars their manifests name (Surefire's class path is one such jar).
package dev.sysfault.worker.internal;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What a worker in a container must see at the same paths as here for the same {@code -cp} to work, and what a
 * {@link ClassArchive} is made of. In the order the JVM looks up classes: an entry, then the jars its manifest's
 * {@code Class-Path} names (and theirs), then the next entry; a file is listed once, where the JVM first meets it.
 * Files that do not exist are left out.
 */
public final class ClassPathFiles {

    enum Kind {
        DIRECTORY,
        JAR,
        /** A jar with nothing but its manifest, like Surefire's (whose {@code Class-Path} names the others). */
        MANIFEST_ONLY,
        /** Not a directory, and not readable as a jar. */
        OTHER
    }

    record Entry(Path path, Kind kind) {
    }

    private ClassPathFiles() {
    }

    public static Set<Path> of(String classPath) {
        Set<Path> files = new LinkedHashSet<>();
        entries(classPath).forEach(e -> files.add(e.path()));
        return files;
    }

    static List<Entry> entries(String classPath) {
        Set<Path> seen = new LinkedHashSet<>();
        List<Entry> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                add(Path.of(entry).toAbsolutePath().normalize(), seen, entries);
            }
        }
        return entries;
    }

    private static void add(Path file, Set<Path> seen, List<Entry> entries) {
        if (!Files.exists(file) || !seen.add(file)) {
            return;
        }
        if (Files.isDirectory(file)) {
            entries.add(new Entry(file, Kind.DIRECTORY));
            return;
        }
        String named = null;
        Kind kind = Kind.OTHER;
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            Manifest manifest = jar.getManifest();
            named = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            kind = jar.size() <= 2 && jar.stream().allMatch(e -> e.isDirectory()
                    || e.getName().equals(JarFile.MANIFEST_NAME)) ? Kind.MANIFEST_ONLY : Kind.JAR;
        } catch (IOException | IllegalArgumentException notAJar) {
            // listed as it is; the JVM says what is wrong with it, in a container as here
        }
        entries.add(new Entry(file, kind));
        if (named != null) {
            for (String reference : named.trim().split("\\s+")) {
                if (!reference.isEmpty()) {
                    add(resolve(file, reference), seen, entries);
                }
            }
        }
    }

    /** A manifest's reference: a URL (file:/...), or a path relative to the jar's directory. */
    private static Path resolve(Path jar, String reference) {
        URI uri = jar.getParent().toUri().resolve(reference);
        return Path.of(uri).toAbsolutePath().normalize();
    }
}
