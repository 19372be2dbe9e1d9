// The private temporary directory of one run: its rule table, trace, stdin and output files.
package dev.sysfault.run.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A directory of mode 0700 under {@code java.io.tmpdir}, deleted by {@link #close()} or, for the ones still
 * open then, when the JVM exits. A JVM that is killed (SIGKILL) cannot delete its directories, so each names
 * its JVM (a {@code RunOwner}), and a JVM's first run in a parent directory deletes the leftovers there: our
 * user's directories whose JVM is certainly gone (never one of a live JVM, nor one whose JVM cannot be told).
 * That sweep runs on a thread of its own, off the way to a first worker's start (it cost a fresh JVM 15 to 50 ms),
 * and this JVM does not exit before it is done.
 * A trace already opened stays readable after deletion (it is mapped). A process said to {@linkplain #stopBeforeDeleting(Process) use it} is killed first.
 */
public final class RunDirectory implements AutoCloseable {

    private static final String PREFIX = "sysfault-run-";
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    /** Names tried before giving up: each is free unless someone made it first. */
    private static final int NAME_TRIES = 100;
    private static final Set<RunDirectory> OPEN = new LinkedHashSet<>();
    private static final Set<Path> SWEPT = new HashSet<>();
    /** The sweeps started, which the shutdown hook waits for. */
    private static final List<Thread> SWEEPS = new ArrayList<>();
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
            RunDirectory dir = new RunDirectory(makePrivate(parent));
            try {
                RunOwner.current().writeTo(dir.path);
            } catch (IOException e) {
                delete(dir.path);
                throw e;
            }
            synchronized (OPEN) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(RunDirectory::closeAll, "sysfault-run-cleanup"));
                    hookInstalled = true;
                }
                OPEN.add(dir);
            }
            synchronized (SWEPT) {
                if (SWEPT.add(parent.toAbsolutePath())) {
                    sweepInBackground(parent, Files.getAttribute(dir.path, "unix:uid", LinkOption.NOFOLLOW_LINKS));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for the run in " + parent, e);
        }
    }

    /**
     * Not {@code Files.createTempDirectory}, whose names come from a {@code SecureRandom}: seeding one cost a fresh
     * JVM 40 to 120 ms (on the machine this project is built on) on the way to its first worker's start. mkdir makes
     * the name ours or fails, whatever is there (a link included), so a name that another user took, by chance or
     * by guessing, costs a retry, never a directory of theirs.
     */
    private static Path makePrivate(Path parent) throws IOException {
        for (int tries = 0; ; tries++) {
            Path dir = parent.resolve(PREFIX + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            try {
                return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
            } catch (FileAlreadyExistsException taken) {
                if (tries == NAME_TRIES) {
                    throw new IOException("no free name for a run directory after " + NAME_TRIES + " tries, the"
                            + " last " + dir, taken);
                }
            }
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

    /**
     * Not a daemon: a JVM whose main method returns waits for it, and the shutdown hook waits for it on
     * {@code System.exit}, so a JVM's run still clears what a killed one left (JvmDeathTest).
     */
    private static void sweepInBackground(Path parent, Object uid) {
        Thread sweep = new Thread(() -> removeLeftovers(parent, uid), "sysfault-run-sweep");
        sweep.setDaemon(false);   // made by a daemon (the spare worker's starter), it would be one too
        synchronized (SWEEPS) {
            SWEEPS.add(sweep);
        }
        sweep.start();
    }

    private static void closeAll() {
        List<Thread> sweeps;
        synchronized (SWEEPS) {
            sweeps = List.copyOf(SWEEPS);
        }
        for (Thread sweep : sweeps) {
            try {
                sweep.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<RunDirectory> open;
        synchronized (OPEN) {
            open = List.copyOf(OPEN);
        }
        open.forEach(RunDirectory::close);
    }

    /** Deletes the run directories in {@code parent} that belong to {@code uid} and whose JVM is gone. */
    private static void removeLeftovers(Path parent, Object uid) {
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path run : runs) {
                try {
                    if (Files.isDirectory(run, LinkOption.NOFOLLOW_LINKS)
                            && uid.equals(Files.getAttribute(run, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                            && RunOwner.readFrom(run).map(RunOwner::isGone).orElse(false)) {
                        delete(run);
                    }
                } catch (IOException ignored) {
                    // gone meanwhile, or not ours to read: not a leftover of ours
                }
            }
        } catch (IOException | DirectoryIteratorException ignored) {
            // a parent we cannot list holds no leftover we could delete
        }
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
