// The workers of a test's top-level class, for a caller that runs tests on several of them at once (exploration's runs).
package dev.sysfault.worker.internal;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Found in the test's own thread (the class's pool lives in its extension store); {@link #hold()} and
 * {@link #holdIfFree()} may then be called from any thread.
 */
public final class ClassWorkers {

    private final WorkerPool pool;
    private final Optional<Integer> containers;

    private ClassWorkers(WorkerPool pool, Optional<Integer> containers) {
        this.pool = pool;
        this.containers = containers;
    }

    /** The pool of the test's top-level class for the image (or this machine), as {@code Workers.runInWorker} uses. */
    public static ClassWorkers of(ExtensionContext context, Optional<String> image) {
        return new ClassWorkers(Workers.poolOf(context, image), image.isPresent()
                ? ContainerSlots.count(context) : Optional.empty());
    }

    /** How many worker containers may run at once ({@code sysfault.worker.containers}): empty for host workers or unset. */
    public Optional<Integer> containersAtOnce() {
        return containers;
    }

    /** A worker to keep for several tests, waiting for a slot as {@code Workers.runInWorker} does; given back on close. */
    public HeldWorker hold() {
        return new HeldWorker(pool, pool.borrow(), false);
    }

    /** One more worker only if it can be had at once (an idle one, or a free slot); stopped on close. */
    public Optional<HeldWorker> holdIfFree() {
        return pool.borrowIfFree().map(w -> new HeldWorker(pool, w, true));
    }
}
