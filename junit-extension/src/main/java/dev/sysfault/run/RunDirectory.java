// The private temporary directory of one run: its rule table, trace, stdin and output files.
package dev.sysfault.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A directory of mode 0700 under {@code java.io.tmpdir}, deleted by {@link #close()} or, for the ones still
 * open then, when the JVM exits. A trace already opened stays readable after deletion (it is mapped). A process
 * said to {@linkplain #stopBeforeDeleting(Process) use it} is killed first.
 */
public final class RunDirectory implements AutoCloseable {

    private static final Set<RunDirectory> OPEN = new LinkedHashSet<>();
    private static boolean hookInstalled;

    private final Path path;
    private final List<Process> users = new ArrayList<>();
    private boolean closed;

    private RunDirectory(Path path) {
        this.path = path;
    }

    public static RunDirectory create() {
        return create(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** A new directory of mode 0700 in {@code parent} (a directory a container shares, say). */
    public static RunDirectory create(Path parent) {
        try {
            RunDirectory dir = new RunDirectory(Files.createTempDirectory(parent, "sysfault-run-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
            synchronized (OPEN) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(RunDirectory::closeAll, "sysfault-run-cleanup"));
                    hookInstalled = true;
                }
                OPEN.add(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for the run in " + parent, e);
        }
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * {@code process} reads this directory's files: it is killed before they are deleted, or now if they are, so that
     * it never finds them gone (a worker still starting when the JVM exits would say its rule table is missing).
     */
    public void stopBeforeDeleting(Process process) {
        synchronized (this) {
            if (!closed) {
                users.add(process);
                return;
            }
        }
        process.destroyForcibly();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        users.forEach(Process::destroyForcibly);   // nothing for one that has exited
        synchronized (OPEN) {
            OPEN.remove(this);
        }
        delete(path);
    }

    private static void closeAll() {
        List<RunDirectory> open;
        synchronized (OPEN) {
            open = List.copyOf(OPEN);
        }
        open.forEach(RunDirectory::close);
    }

    /** Removes {@code dir} and everything in it, as far as it can; what is left is harmless. */
    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a file left in a private temporary directory is harmless
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
