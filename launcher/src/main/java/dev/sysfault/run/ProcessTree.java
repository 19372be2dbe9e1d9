// Signals every process below a run's supervisor, the ones started while we signal included.
package dev.sysfault.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The root is a {@code sysfault-supervisor}: a child subreaper, so an exiting parent's children move to it and
 * stay in reach of {@link ProcessHandle#children()} (a daemon that double-forked included). It is never
 * signalled here: it passes signals on to the command, which would then get each twice, and it must outlive the
 * others to keep their orphans. Java cannot freeze processes, so the tree is collected before anything is
 * signalled, and collected again from every process still known until a round finds nothing new. The
 * supervisor exits after the command, ending whatever is left.
 */
final class ProcessTree {

    private static final int ROUNDS = 5;

    private final Set<ProcessHandle> known = new LinkedHashSet<>();

    private final ProcessHandle root;

    ProcessTree(ProcessHandle root) {
        this.root = root;
        known.add(root);
    }

    /**
     * SIGTERM ({@code force} false) or SIGKILL to all the root's descendants, once each: a second SIGTERM
     * would run a program's handler again while it is still handling the first.
     */
    void signal(boolean force) {
        Set<ProcessHandle> signalled = new LinkedHashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            boolean grew = collect();
            // SIGTERM the children first, so a parent cannot react to their end by starting more; SIGKILL the
            // parents first, so none lives on to see its child killed (a shell would run its next command).
            List<ProcessHandle> order = new ArrayList<>(known);
            if (!force) {
                Collections.reverse(order);
            }
            for (ProcessHandle process : order) {
                if (!process.equals(root) && process.isAlive() && signalled.add(process)) {
                    if (force) {
                        process.destroyForcibly();
                    } else {
                        process.destroy();
                    }
                }
            }
            if (!grew && round > 0) {
                return;
            }
        }
    }

    /**
     * Waits until every known process has exited; false if some still run after {@code timeout}. Polled
     * every 10 ms: {@code onExit()} of a process that is not our child polls too, but from 300 ms up.
     * An interrupt ends the wait early (and stays set).
     */
    boolean awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!known.stream().allMatch(ProcessTree::exited)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the process has ended: gone, or a zombie that its parent (often init, once its own parent is
     * gone) has not reaped yet. Java calls a zombie alive, and some container inits reap only every second.
     */
    static boolean exited(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int endOfName = stat.lastIndexOf(')');
            return endOfName > 0 && stat.startsWith(" Z", endOfName + 1);
        } catch (IOException e) {
            return !process.isAlive();
        }
    }

    /** Adds the live descendants of every known live process, in parent-before-child order; true if any was new. */
    private boolean collect() {
        boolean grew = false;
        List<ProcessHandle> frontier = new ArrayList<>(known);
        while (!frontier.isEmpty()) {
            List<ProcessHandle> next = new ArrayList<>();
            for (ProcessHandle process : frontier) {
                if (process.isAlive()) {
                    process.children().forEach(child -> {
                        if (known.add(child)) {
                            next.add(child);
                        }
                    });
                }
            }
            grew |= !next.isEmpty();
            frontier = next;
        }
        return grew;
    }
}
