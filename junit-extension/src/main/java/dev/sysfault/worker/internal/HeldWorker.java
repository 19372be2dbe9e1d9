// A worker that one thread keeps for several tests, sent one after another: one lane of an exploration's runs.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.worker.WorkerCrashException;
import java.time.Duration;
import java.util.List;

/**
 * Runs what {@code Workers.runInWorker} runs, by unique id rather than by the test's own context, so that a test
 * JUnit has not reached yet can run now. Closing it gives the class's worker back to its pool, or stops one taken
 * beside the class's ({@link ClassWorkers#holdIfFree()}): its container ends with the caller's need.
 */
public final class HeldWorker implements AutoCloseable {

    private final WorkerPool pool;
    private final WorkerProcess worker;
    private final boolean extra;
    private boolean closed;

    HeldWorker(WorkerPool pool, WorkerProcess worker, boolean extra) {
        this.pool = pool;
        this.worker = worker;
        this.extra = extra;
    }

    /** False once the worker died or was killed as hung: a lane then needs another. */
    public boolean isUsable() {
        return worker.isUsable();
    }

    /**
     * Runs the test {@code uniqueId} with {@code rules}, compiled from {@code faults}; {@code displayName} and
     * {@code labels} name it and its faults in a crash report. A worker that died is a {@link WorkerCrashException}.
     */
    public WorkerRun run(String uniqueId, String displayName, Duration timeout, RuleTable rules, List<Fault> faults,
            List<String> labels) {
        return worker.run(uniqueId, displayName, timeout, rules, faults, labels);
    }

    /** The configured {@code sysfault.worker.timeout}, for a test that has no timeout of its own. */
    public Duration configuredTimeout() {
        return pool.settings().timeout();
    }

    /** Once: a lane may close a worker that died and again as it ends. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (extra) {
            pool.retire(worker);
        } else {
            pool.giveBack(worker);
        }
    }
}
