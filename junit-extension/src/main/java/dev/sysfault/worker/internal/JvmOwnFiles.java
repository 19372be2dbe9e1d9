// The files a JVM loads its classes from: calls on them on a test's thread are class loading, not the test's.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.trace.SyscallEvent;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Selects the calls whose path argument or descriptor path ({@link SyscallEvent#fdPath()}) is one of this JVM's
 * class sources: a file below {@code java.home} (the runtime image, its libraries and CDS archive), a jar or zip
 * of the class or module path, or a {@code .class} file below a class path directory. The test thread reads
 * these when it first uses a class (322 reads and 290 lseeks in one file copy test); a test that reads the same
 * files on purpose finds its calls in {@code trace.allThreads()}. Paths are compared as the kernel reports them
 * (links resolved), so the JVM's own paths are resolved once here.
 */
final class JvmOwnFiles implements Predicate<SyscallEvent> {

    private final String home;
    private final Set<String> archives;
    private final List<String> classDirectories;

    private JvmOwnFiles(String home, Set<String> archives, List<String> classDirectories) {
        this.home = home;
        this.archives = archives;
        this.classDirectories = classDirectories;
    }

    static JvmOwnFiles ofThisJvm() {
        Set<String> archives = new HashSet<>();
        List<String> directories = new ArrayList<>();
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Optional<Path> real = real(Path.of(entry));
                if (real.isPresent() && Files.isDirectory(real.get())) {
                    directories.add(real.get() + "/");
                } else {
                    real.ifPresent(p -> archives.add(p.toString()));
                }
            }
        }
        String home = real(Path.of(System.getProperty("java.home"))).map(p -> p + "/").orElse("/nonexistent/");
        return new JvmOwnFiles(home, Set.copyOf(archives), List.copyOf(directories));
    }

    @Override
    public boolean test(SyscallEvent e) {
        Optional<String> path = e.fdPath().or(e::path);
        return path.isPresent() && isClassSource(path.get());
    }

    boolean isClassSource(String path) {
        if (path.startsWith(home) || archives.contains(path)) {
            return true;
        }
        return path.endsWith(".class") && classDirectories.stream().anyMatch(path::startsWith);
    }

    private static Optional<Path> real(Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (IOException gone) {
            return Optional.empty(); // a class path entry that does not exist: nothing is read from it
        }
    }
}
