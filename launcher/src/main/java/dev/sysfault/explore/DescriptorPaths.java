// Follows, in a recorded trace, which file or socket each descriptor of each process refers to.
package dev.sysfault.explore;

import dev.sysfault.fault.trace.SyscallEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The descriptors of each process of a recording, from the opens, sockets, dups, closes, forks and changes of
 * directory it made:
 * which of them the program opened itself, and what a descriptor was when the trace has no path for it (a
 * close: the descriptor is gone after the call, and the trace records the path after). An open's path is made
 * absolute against the working directory (or the directory descriptor) and resolved as the kernel reports it
 * (symbolic links followed), so that an {@code fd_path} glob made from it matches in the rule engine.
 */
final class DescriptorPaths {

    private static final int AT_FDCWD = -100;
    private static final int F_DUPFD = 0;
    private static final int F_DUPFD_CLOEXEC = 1030;

    private final Path workingDirectory;
    private final Map<Integer, Map<Integer, FailureTarget>> byProcess = new HashMap<>();
    /** Each process's working directory, where it changed it (chdir, fchdir) or its parent had. */
    private final Map<Integer, Path> directories = new HashMap<>();

    DescriptorPaths(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /** What descriptor {@code fd} of process {@code pid} refers to, as far as the recording says. */
    Optional<FailureTarget> target(int pid, long fd) {
        if (fd == 1) {
            Optional<FailureTarget> opened = Optional.ofNullable(table(pid).get(1));
            return opened.isPresent() ? opened : Optional.of(FailureTarget.STDOUT);
        }
        return Optional.ofNullable(table(pid).get((int) fd));
    }

    /** Takes in one event, after {@link #target} was asked about it (a close acts on the descriptor it closes). */
    void follow(SyscallEvent e) {
        if (!e.succeeded()) {
            return;
        }
        Map<Integer, FailureTarget> fds = table(e.pid());
        int result = (int) e.result();
        switch (e.name()) {
            case "open", "creat" -> e.path().ifPresent(p -> fds.put(result, opened(e.pid(), AT_FDCWD, p)));
            case "openat", "openat2" -> e.path().ifPresent(p -> fds.put(result, opened(e.pid(), (int) e.arg(0), p)));
            case "socket", "accept", "accept4" -> fds.put(result, FailureTarget.SOCKET);
            case "dup" -> copy(fds, (int) e.arg(0), result);
            case "dup2", "dup3" -> copy(fds, (int) e.arg(0), (int) e.arg(1));
            case "fcntl" -> {
                if (e.arg(1) == F_DUPFD || e.arg(1) == F_DUPFD_CLOEXEC) {
                    copy(fds, (int) e.arg(0), result);
                }
            }
            case "close" -> fds.remove((int) e.arg(0));
            case "chdir" -> e.path().ifPresent(p -> directories.put(e.pid(),
                    directory(e.pid()).resolve(p).normalize()));
            case "fchdir" -> {
                FailureTarget dir = fds.get((int) e.arg(0));
                if (dir != null && dir.kind() == FailureTarget.Kind.DESCRIPTOR) {
                    directories.put(e.pid(), Path.of(dir.name()));
                }
            }
            case "fork", "vfork", "clone", "clone3" -> {
                if (result > 0) {
                    byProcess.put(result, new HashMap<>(fds));
                    directories.put(result, directory(e.pid()));
                }
            }
            default -> {
                // no descriptor made or ended
            }
        }
    }

    private Map<Integer, FailureTarget> table(int pid) {
        return byProcess.computeIfAbsent(pid, p -> new HashMap<>());
    }

    private static void copy(Map<Integer, FailureTarget> fds, int from, int to) {
        FailureTarget t = fds.get(from);
        if (t == null) {
            fds.remove(to);
        } else {
            fds.put(to, t);
        }
    }

    private Path directory(int pid) {
        return directories.getOrDefault(pid, workingDirectory);
    }

    private FailureTarget opened(int pid, int dirfd, String path) {
        Path base = directory(pid);
        if (dirfd != AT_FDCWD) {
            FailureTarget dir = table(pid).get(dirfd);
            if (dir != null && dir.kind() == FailureTarget.Kind.DESCRIPTOR) {
                base = Path.of(dir.name());
            }
        }
        return FailureTarget.descriptor(asTheKernelSaysIt(base.resolve(path)).toString());
    }

    /** The real path of the file, or of its directory when it is gone (a temporary file already deleted). */
    static Path asTheKernelSaysIt(Path path) {
        Path p = path.toAbsolutePath().normalize();
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            Path parent = p.getParent();
            if (parent != null && Files.isDirectory(parent)) {
                try {
                    return parent.toRealPath().resolve(p.getFileName());
                } catch (java.io.IOException ignored) {
                    return p;
                }
            }
            return p;
        }
    }
}
