// In the worker: one test's rules, armed only around its body, and the view of the calls the body made.
package dev.sysfault.worker;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.trace.SyscallTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;

/**
 * Used by {@code SyscallFaultExtension} in a worker JVM; not an API of its own. The rule table is the one the parent
 * compiled and wrote into this worker's directory: the worker neither reads the test's annotations nor compiles.
 */
public final class ArmedTest {

    private final WorkerRuntime runtime;
    private final Path table;
    private final List<Messages.SentFault> sent;
    private SyscallTrace trace;

    private ArmedTest(WorkerRuntime runtime, Path table, List<Messages.SentFault> sent) {
        this.runtime = runtime;
        this.table = table;
        this.sent = sent;
    }

    /** Whether the parent sent a rule table with the test running now (it has faults). */
    public static boolean received() {
        return WorkerRuntime.get().receivedRules().isPresent();
    }

    /** The rules the parent sent with the test running now, or none (a test in a container for its image alone). */
    public static ArmedTest forReceivedTest() {
        WorkerRuntime runtime = WorkerRuntime.get();
        return new ArmedTest(runtime, runtime.receivedRules().orElse(runtime.noRules()), runtime.receivedFaults());
    }

    /** The test's faults, read back from the SPECs the parent sent (only when a body asks for them). */
    public List<Fault> faults() {
        return sent.stream().map(f -> f.optional() ? Fault.parse(f.spec()).optional() : Fault.parse(f.spec()))
                .toList();
    }

    /** The calls recorded from the first time this is asked (at the latest, when the body starts). */
    public synchronized SyscallTrace trace() {
        if (trace == null) {
            trace = runtime.trace().fromNow();
        }
        return trace;
    }

    public RuleCounters counters() {
        try {
            return RuleCounters.read(table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule counters in " + table, e);
        }
    }

    /** Runs the body with the rules in force and the trace recording; afterwards neither. */
    public void around(Invocation<Void> body) throws Throwable {
        trace();
        runtime.control().loadRules(table);
        runtime.pointChildrenAt(table);
        runtime.recording().resume();
        try {
            body.proceed();
        } finally {
            runtime.recording().pause();
            runtime.control().clearRules();
            runtime.pointChildrenAt(runtime.noRules());
        }
    }
}
