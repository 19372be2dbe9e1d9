// In the worker: one test's rules, armed only around its body, and the view of the calls the body made.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;

/** Used by {@code SyscallFaultExtension} in a worker JVM; not an API of its own. */
public final class ArmedTest {

    private final WorkerRuntime runtime;
    private final Path table;
    private SyscallTrace trace;

    private ArmedTest(WorkerRuntime runtime, Path table) {
        this.runtime = runtime;
        this.table = table;
    }

    /** Writes the table; nothing is armed yet. */
    public static ArmedTest prepare(RuleTable table) {
        WorkerRuntime runtime = WorkerRuntime.get();
        return new ArmedTest(runtime, runtime.write(table));
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
