// In the worker: the descriptors and threads a test body opened and left open, as exploration compares them.
package dev.sysfault.worker.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A snapshot of this JVM's descriptors (number and what each names) and live threads; {@link #since} keeps what is
 * new in a later one. What a descriptor names is reduced to what is the same in every run: a file's name (a test's
 * directory is new each time), {@code socket}, {@code pipe}. The JVM's own class sources (a jar first opened by
 * the body to load a class) and this worker's files are not the body's.
 */
public final class LeftOpen {

    private final Map<String, String> descriptors;
    private final Map<Thread, String> threads;

    private LeftOpen(Map<String, String> descriptors, Map<Thread, String> threads) {
        this.descriptors = descriptors;
        this.threads = threads;
    }

    /** Now. */
    public static LeftOpen now() {
        Map<String, String> descriptors = new HashMap<>();
        WorkerRuntime runtime = WorkerRuntime.get();
        String own = runtime.bodyNotes().getParent().toString() + "/";
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.startsWith("/proc/") && !target.startsWith(own)
                            && !runtime.jvmOwnFiles().isClassSource(target)) {
                        descriptors.put(fd.getFileName().toString(), named(target));
                    }
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, or one another thread closed: not left open
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
        Map<Thread, String> threads = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            threads.put(t, t.getName().replaceAll("[0-9]+", "#"));
        }
        return new LeftOpen(descriptors, threads);
    }

    private static String named(String target) {
        if (target.startsWith("socket:")) {
            return "socket";
        }
        if (target.startsWith("pipe:")) {
            return "pipe";
        }
        return target.startsWith("/") ? target.substring(target.lastIndexOf('/') + 1) : target;
    }

    /**
     * Notes of what is open now and was not in {@code before}: {@code descriptor wal.log}, {@code thread pool-#-thread-#},
     * one line each, sorted. Only descriptors that {@code openedByBody} names count: the JVM's own threads open
     * files while the body runs (its cgroup's {@code memory.stat}), which are not the body's to close.
     */
    public List<String> since(LeftOpen before, Set<Long> openedByBody) {
        List<String> left = new ArrayList<>();
        descriptors.forEach((fd, target) -> {
            if (!target.equals(before.descriptors.get(fd)) && openedByBody.contains(Long.parseLong(fd))) {
                left.add("descriptor " + target);
            }
        });
        Set<Thread> alive = threads.keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
        for (Thread t : alive) {
            if (!before.threads.containsKey(t)) {
                left.add("thread " + threads.get(t));
            }
        }
        left.sort(null);
        return left;
    }
}
