// In the parent: an exploration's planned runs spread over several container workers at once (sysfault.worker.containers).
package dev.sysfault.junit;

import dev.sysfault.explore.Candidate;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.worker.internal.ClassWorkers;
import dev.sysfault.worker.internal.HeldWorker;
import dev.sysfault.worker.internal.WorkerRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit runs an exploration's invocations one after another ({@code SAME_THREAD}); here the runs are started ahead,
 * in plan order, on up to N lanes, each a worker of its own (the class's, and others taken beside it only while a
 * slot is free, so a lane never waits on another class's containers). Each invocation then takes its own run's
 * result ({@link #result}) and is judged as if it had run then: names, verdicts, reports and the summary's order
 * are the invocations'. A run is sent by its invocation's unique id, which the worker selects as usual.
 *
 * <p>What a run sees must not depend on its lane. Each lane's worker first runs the body once without faults (not
 * judged), as the class's worker did when it recorded, so that no timed run pays a JVM's first class loading; and
 * the runs begin only when every lane is ready, since starting containers loads the machine while runs are timed
 * against the per-run timeout. A worker that dies is replaced (and warmed) before its lane's next run.
 */
final class RunsAhead implements AutoCloseable {

    private final ExtensionContext context;
    private final ClassWorkers workers;
    private final List<Candidate> runs;
    private final Duration timeout;
    private final int lanes;
    private final List<CompletableFuture<WorkerRun>> results = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger working = new AtomicInteger();
    private final CountDownLatch ready;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private RunsAhead(ExtensionContext context, ClassWorkers workers, List<Candidate> runs, Duration timeout,
            int lanes) {
        this.context = context;
        this.workers = workers;
        this.runs = runs;
        this.timeout = timeout;
        this.lanes = lanes;
        this.ready = new CountDownLatch(lanes);
        runs.forEach(r -> results.add(new CompletableFuture<>()));
    }

    /**
     * Started from the fault-free invocation's {@code context} when the worker is in a container and
     * {@code sysfault.worker.containers} is more than 1; empty otherwise (the runs go one by one to the class's
     * worker, as for host workers, whose runs would share this machine's files).
     */
    static Optional<RunsAhead> start(ExtensionContext context, Optional<String> image, List<Candidate> runs,
            Duration timeout) {
        if (image.isEmpty() || runs.size() < 2) {
            return Optional.empty();
        }
        ClassWorkers workers = ClassWorkers.of(context, image);
        int lanes = Math.min(workers.containersAtOnce().orElse(1), runs.size());
        if (lanes < 2) {
            return Optional.empty();
        }
        RunsAhead ahead = new RunsAhead(context, workers, runs, timeout, lanes);
        ahead.startLane(true);
        return Optional.of(ahead);
    }

    private void startLane(boolean first) {
        working.incrementAndGet();
        Thread t = new Thread(() -> lane(first), "sysfault-exploration-lane");
        t.setDaemon(true);
        synchronized (threads) {
            threads.add(t);
        }
        t.start();
    }

    /** The run's outcome, as {@code Workers.runInWorker} would have returned or thrown it. */
    WorkerRun result(int index) {
        try {
            return results.get(index).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * The first lane holds the class's worker (waiting for it as any test would), then starts the others, which
     * take a worker only if one can be had at once. A lane without a worker counts as ready and takes no runs.
     */
    private void lane(boolean first) {
        Optional<HeldWorker> worker = Optional.empty();
        RuntimeException failure = null;
        boolean othersStarted = !first;
        try {
            worker = first ? Optional.of(workers.hold()) : workers.holdIfFree();
            if (first) {
                for (int i = 1; i < lanes; i++) {
                    startLane(false);
                }
                othersStarted = true;
            }
            worker = warmed(worker);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            if (!othersStarted) {
                for (int i = 1; i < lanes; i++) {   // the other lanes were never started: none waits for them
                    ready.countDown();
                }
            }
            ready.countDown();
        }
        try {
            if (worker.isPresent()) {
                ready.await();
                worker = runUntilNone(worker, first);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            worker.ifPresent(HeldWorker::close);
            if (working.decrementAndGet() == 0) {
                failTheRest(failure);
            }
        }
    }

    private Optional<HeldWorker> runUntilNone(Optional<HeldWorker> worker, boolean first) {
        for (int i = next.getAndIncrement(); !closed && i < runs.size(); i = next.getAndIncrement()) {
            Candidate c = runs.get(i);
            try {
                results.get(i).complete(worker.get().run(invocationId(i + 2), Exploration.title(c), timeout,
                        RuleTable.compile(List.of(c.fault())), List.of(c.fault()),
                        List.of("the explored fault " + c.spec())));
            } catch (RuntimeException | Error e) {
                results.get(i).completeExceptionally(e);
            }
            if (!worker.get().isUsable()) {
                worker.get().close();
                worker = Optional.empty();
                if (closed) {
                    break;
                }
                worker = warmed(first ? Optional.of(workers.hold()) : workers.holdIfFree());
                if (worker.isEmpty()) {
                    break;
                }
            }
        }
        return worker;
    }

    /** The worker after its body ran once without faults; empty (and closed) when that killed it. */
    private Optional<HeldWorker> warmed(Optional<HeldWorker> worker) {
        if (worker.isEmpty()) {
            return worker;
        }
        try {
            worker.get().run(invocationId(1), "the fault-free run (a new worker's first)",
                    worker.get().configuredTimeout(), RuleTable.compile(List.of()), List.of(), List.of());
        } catch (RuntimeException e) {
            worker.get().close();
            throw e;
        }
        return worker;
    }

    /** The last lane gone: the runs no lane took fail with why (or abort, when the exploration was closed). */
    private void failTheRest(RuntimeException why) {
        for (CompletableFuture<WorkerRun> r : results) {
            r.completeExceptionally(why != null ? why : new IllegalStateException(closed
                    ? "the exploration ended before this run" : "no worker could take this run"));
        }
    }

    /** The unique id of the exploration's invocation {@code n} (1: the fault-free one), as JUnit will name it. */
    private String invocationId(int n) {
        return context.getUniqueId().replaceFirst("#\\d+]$", "#" + n + "]");
    }

    /** At the end of the method: lanes still running (JUnit stopped early) are interrupted, then all are waited for. */
    @Override
    public void close() {
        closed = true;
        List<Thread> started;
        synchronized (threads) {
            started = List.copyOf(threads);
        }
        // Lanes whose runs are all done are only giving their workers back: let them stop their containers cleanly.
        boolean stopEarly = results.stream().anyMatch(r -> !r.isDone());
        boolean interrupted = false;
        for (Thread t : started) {
            if (stopEarly) {
                t.interrupt();
            }
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
