// The files a class path needs: its entries, and the jars their manifests name (Surefire's class path is one such jar).
package dev.sysfault.worker;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** What a worker in a container must see at the same paths as here for the same {@code -cp} to work. */
final class ClassPathFiles {

    private ClassPathFiles() {
    }

    static Set<Path> of(String classPath) {
        Set<Path> files = new LinkedHashSet<>();
        Deque<Path> todo = new ArrayDeque<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                todo.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        while (!todo.isEmpty()) {
            Path file = todo.poll();
            if (!Files.exists(file) || !files.add(file) || !file.toString().endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(file.toFile())) {
                Manifest manifest = jar.getManifest();
                String named = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                if (named != null) {
                    for (String reference : named.trim().split("\\s+")) {
                        todo.add(resolve(file, reference));
                    }
                }
            } catch (IOException | IllegalArgumentException notAJar) {
                // mounted as it is; the JVM in the container says what is wrong with it, as the host's would
            }
        }
        return files;
    }

    /** A manifest's reference: a URL (file:/...), or a path relative to the jar's directory. */
    private static Path resolve(Path jar, String reference) {
        URI uri = jar.getParent().toUri().resolve(reference);
        return Path.of(uri).toAbsolutePath().normalize();
    }
}
