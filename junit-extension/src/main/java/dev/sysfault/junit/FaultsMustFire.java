// In the parent, after a faulted test ran in its worker: a fault that never fired fails it, naming the calls made instead.
package dev.sysfault.junit;

import dev.sysfault.fault.Fault;
import dev.sysfault.run.internal.UnfiredFaults;
import dev.sysfault.worker.internal.ArmedTest;
import dev.sysfault.worker.internal.WorkerRun;
import dev.sysfault.worker.internal.WorkerSettings;
import java.util.List;
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
        Throwable failure = ran.thrown(context.getRequiredTestClass().getClassLoader());
        if (!faults.isEmpty() && !(failure instanceof TestAbortedException) && required(context)) {
            List<String> unfired = UnfiredFaults.describe(faults, labels, ran.counters(), ran::calls, "the body");
            if (!unfired.isEmpty()) {
                AssertionFailedError error = failure(unfired);
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
