// The workers of one top-level test class: one per test running at the same moment, reused test after test.
package dev.sysfault.worker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Kept in the class's extension store and closed with it. With parallel execution each test that runs while
 * the others' workers are busy gets a worker of its own; a dead worker is dropped, never lent again.
 */
final class WorkerPool implements AutoCloseable {

    private static final Set<WorkerPool> OPEN = ConcurrentHashMap.newKeySet();
    /** This JVM is exiting: no spare is started any more. */
    private static volatile boolean exiting;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            exiting = true;
            List.copyOf(OPEN).forEach(WorkerPool::close);
        }, "sysfault-worker-pools-close"));
    }

    private final WorkerSettings settings;
    private final Path library;
    private final WorkerLaunch launch;
    /** For workers in containers, the engine's slots ({@link ContainerSlots}) when they are bounded. */
    private final Optional<Semaphore> slots;
    private final Deque<WorkerProcess> idle = new ArrayDeque<>();
    private final List<WorkerProcess> all = new ArrayList<>();
    private boolean closed;

    WorkerPool(WorkerSettings settings, Path library, WorkerLaunch launch, Optional<Semaphore> slots) {
        this.settings = settings;
        this.library = library;
        this.launch = launch;
        this.slots = slots;
        OPEN.add(this);
    }

    WorkerSettings settings() {
        return settings;
    }

    /** An idle live worker, or a new one (once a slot is free, when they are bounded). */
    WorkerProcess borrow() {
        while (true) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the workers of this class are already closed");
                }
                while (!idle.isEmpty()) {
                    WorkerProcess w = idle.pop();
                    if (w.isUsable()) {
                        return w;
                    }
                    retire(w);
                }
            }
            if (slots.isEmpty() || takeSlot(slots.get())) {
                break;
            }
        }
        return startNew();
    }

    /**
     * A worker beside those already busy: an idle live one, or a new one only if a slot is free at once (empty
     * otherwise), so that a caller who wants several never waits for slots that another class holds.
     */
    Optional<WorkerProcess> borrowIfFree() {
        synchronized (this) {
            if (closed) {
                return Optional.empty();
            }
            while (!idle.isEmpty()) {
                WorkerProcess w = idle.pop();
                if (w.isUsable()) {
                    return Optional.of(w);
                }
                retire(w);
            }
        }
        if (slots.isPresent() && !slots.get().tryAcquire()) {
            return Optional.empty();
        }
        return Optional.of(startNew());
    }

    /** Starts a worker for a slot already taken (or when they are not bounded); the slot is given back on failure. */
    private WorkerProcess startNew() {
        try {
            WorkerProcess w = launch == WorkerLaunch.HOST ? SpareWorker.take(settings, library)
                    : WorkerProcess.start(settings, WorkerCommand.of(settings, library), library, launch, false);
            synchronized (this) {
                all.add(w);
            }
            return w;
        } catch (IOException | RuntimeException e) {
            slots.ifPresent(Semaphore::release);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("cannot start a sysfault worker JVM (" + (launch == WorkerLaunch.HOST
                    ? settings.java() : launch) + "): " + e.getMessage(), (IOException) e);
        }
    }

    /** Waits a little for a slot: a worker of this class given back meanwhile is taken instead. */
    private static boolean takeSlot(Semaphore free) {
        try {
            return free.tryAcquire(20, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a worker container", e);
        }
    }

    void giveBack(WorkerProcess w) {
        synchronized (this) {
            if (!closed && w.isUsable() && settings.reusePerClass()) {
                idle.push(w);
                return;
            }
        }
        retire(w);
        prepareSpare();
    }

    /** The next class, or test, will likely want a worker like these: one starts while nothing else runs. */
    private void prepareSpare() {
        if (launch == WorkerLaunch.HOST && !exiting) {
            SpareWorker.prepare(settings, library);
        }
    }

    /** Stops the worker (its container) and frees its slot, whether or not it could serve again. */
    void retire(WorkerProcess w) {
        boolean ours;
        synchronized (this) {
            ours = all.remove(w);
        }
        w.close();
        if (ours) {
            slots.ifPresent(Semaphore::release);
        }
    }

    @Override
    public void close() {
        List<WorkerProcess> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            OPEN.remove(this);
            open = new ArrayList<>(all);
            all.clear();
            idle.clear();
        }
        open.forEach(WorkerProcess::close);
        slots.ifPresent(free -> free.release(open.size()));
        if (!open.isEmpty()) {
            prepareSpare();
        }
    }
}
