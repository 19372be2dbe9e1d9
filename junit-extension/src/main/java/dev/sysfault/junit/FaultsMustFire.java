// In the parent, after a faulted test ran in its worker: a fault that never fired fails it, naming the calls made instead.
package dev.sysfault.junit;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.run.internal.UnfiredFaults;
import dev.sysfault.worker.internal.ArmedTest;
import dev.sysfault.worker.internal.InProcess;
import dev.sysfault.worker.internal.WorkerRun;
import dev.sysfault.worker.internal.WorkerSettings;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A test whose fault fired zero times passed without meeting it: SQLite syncs with {@code fdatasync}, so an
 * {@code fsync} fault never fires, and the test "passes". Such a test fails after its body, with the body's own
 * failure first when it has one (this one is then suppressed in it). An optional fault, or the configuration
 * parameter {@code sysfault.faults.mustFire=false}, lets it pass. An aborted body is left as it is: it did not
 * run to its end.
 */
final class FaultsMustFire {

    private FaultsMustFire() {
    }

    /** In the parent, once the worker said how the test ran: throws what the test threw, or what it should have. */
    static void after(WorkerRun ran, List<Fault> faults, List<String> labels, ExtensionContext context)
            throws Throwable {
        check(ran.thrown(context.getRequiredTestClass().getClassLoader()), faults, labels, ran.counters(), ran::calls,
                "", context);
    }

    /**
     * The same for a test that ran in this JVM ({@link InProcess}), where no trace names the calls the body made
     * instead; the message says where it ran, and how to have it run where they are named.
     */
    static void after(InProcess.Ran ran, List<Fault> faults, List<String> labels, ExtensionContext context)
            throws Throwable {
        check(ran.thrown(), faults, labels, ran.counters(), () -> null, "\nThe test ran in this JVM, as the run's"
                + " first faulted test: its faults met only the calls of the body's thread and of the threads and"
                + " processes it started, not those of threads started before it (a pool). Set the configuration"
                + " parameter " + InProcess.PARAMETER + "=never to run it in a worker JVM, whose report names the calls"
                + " the body made.", context);
    }

    private static void check(Throwable failure, List<Fault> faults, List<String> labels, RuleCounters counters,
            Supplier<List<SyscallEvent>> calls, String where, ExtensionContext context) throws Throwable {
        if (!faults.isEmpty() && !(failure instanceof TestAbortedException) && required(context)) {
            List<String> unfired = UnfiredFaults.describe(faults, labels, counters, calls, "the body");
            if (!unfired.isEmpty()) {
                AssertionFailedError error = new AssertionFailedError(message(unfired) + where);
                if (failure == null) {
                    throw error;
                }
                failure.addSuppressed(error);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    static boolean required(ExtensionContext context) {
        return context.getConfigurationParameter(WorkerSettings.FAULTS_MUST_FIRE)
                .map(v -> !v.trim().equals("false")).orElse(true);
    }

    /** The failure for faults that never fired, one line each. */
    static AssertionFailedError failure(List<String> unfired) {
        return new AssertionFailedError(message(unfired));
    }

    private static String message(List<String> unfired) {
        StringBuilder m = new StringBuilder(unfired.size() == 1 ? "A fault never fired, so the test did not meet it:"
                : unfired.size() + " faults never fired, so the test did not meet them:");
        for (String line : unfired) {
            m.append("\n  ").append(line).append(line.startsWith("@") ? " If it may rightly not fire, write"
                    + " optional = true." : " If it may rightly not fire, add .optional() to the fault.");
        }
        return m.append("\nAim a fault at the calls the body makes, or set the configuration parameter ")
                .append(WorkerSettings.FAULTS_MUST_FIRE).append("=false to let every test pass without its faults.")
                .toString();
    }
}
