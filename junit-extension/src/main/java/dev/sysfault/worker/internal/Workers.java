// Where SyscallFaultExtension hands a faulted test to a worker JVM and turns the outcome back into this test's.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.run.internal.NativeLibrary;
import dev.sysfault.worker.WorkerCrashException;
import dev.sysfault.worker.internal.Messages.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Used by {@code SyscallFaultExtension}; not an API of its own. */
public final class Workers {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Workers.class);

    private Workers() {
    }

    /** Is this JVM a worker (so faults are armed here rather than sent to one)? */
    public static boolean inWorker() {
        return System.getProperty(WorkerRuntime.DIRECTORY_PROPERTY) != null;
    }

    /**
     * Runs the test in a worker of its top-level class (in a container of {@code image}, if given) with
     * {@code rules}, compiled here from {@code faults} (null and empty: none), and says how it ran there; a worker
     * that died is a {@link WorkerCrashException}.
     */
    public static WorkerRun runInWorker(ExtensionContext context, Optional<String> image, RuleTable rules,
            List<Fault> faults, List<String> labels) {
        return runInWorker(context, image, rules, faults, labels, Optional.empty());
    }

    /** As above, killed as hung after {@code timeout} rather than the configured {@code sysfault.worker.timeout}. */
    public static WorkerRun runInWorker(ExtensionContext context, Optional<String> image, RuleTable rules,
            List<Fault> faults, List<String> labels, Optional<Duration> timeout) {
        WorkerPool pool = poolOf(context, image);
        WorkerProcess worker = pool.borrow();
        try {
            return worker.run(context.getUniqueId(), context.getDisplayName(),
                    timeout.orElse(pool.settings().timeout()), rules, faults, labels);
        } finally {
            pool.giveBack(worker);
        }
    }

    /** The configured {@code sysfault.worker.timeout}: how long one test may run in a worker. */
    public static Duration configuredTimeout(ExtensionContext context) {
        return WorkerSettings.from(context).timeout();
    }

    /** In a worker: the unique id of the test the parent sent, which runs now. */
    public static String receivedTestId() {
        return WorkerRuntime.get().receivedTestId();
    }

    /** The pool of the test's top-level class for the image (or this machine), made on first use. */
    // deprecation: JUnit 6 deprecates Store.getOrComputeIfAbsent for computeIfAbsent, which JUnit 5.13
    // (supported too) lacks.
    @SuppressWarnings("deprecation")
    static WorkerPool poolOf(ExtensionContext context, Optional<String> image) {
        ExtensionContext top = context;
        while (top.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
            top = top.getParent().get();
        }
        WorkerLaunch launch = image.map(i -> ContainerWorkers.required("@RunInContainer").launch(i)).orElse(WorkerLaunch.HOST);
        return top.getStore(NAMESPACE).getOrComputeIfAbsent(launch,
                k -> new WorkerPool(WorkerSettings.from(context), NativeLibrary.path(), launch,
                        image.isPresent() ? ContainerSlots.of(context) : Optional.empty()), WorkerPool.class);
    }
}
