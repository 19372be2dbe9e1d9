// In the worker: one test's rules, armed only around its body, and the view of the calls the body made.
package dev.sysfault.worker;

import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;

/** Used by {@code SyscallFaultExtension} in a worker JVM; not an API of its own. */
public final class ArmedTest {

    private final WorkerRuntime runtime;
    private final Path table;
    private SyscallTrace trace;
    /** The kernel thread id of the thread that runs the body, once it started; 0 before. */
    private volatile long bodyThread;

    private ArmedTest(WorkerRuntime runtime, Path table) {
        this.runtime = runtime;
        this.table = table;
    }

    /** Writes the table; nothing is armed yet. */
    public static ArmedTest prepare(RuleTable table) {
        WorkerRuntime runtime = WorkerRuntime.get();
        return new ArmedTest(runtime, runtime.write(table));
    }

    /**
     * The calls recorded from the first time this is asked (at the latest, when the body starts) by the
     * body's thread and the threads and processes it started, less the JVM's class loading on them
     * ({@link JvmOwnFiles}); {@code allThreads()} of it holds every thread's.
     */
    public synchronized SyscallTrace trace() {
        if (trace == null) {
            trace = runtime.trace().fromNow().scopedTo(new TraceScope(() -> bodyThread, runtime.jvmOwnFiles()));
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

    /**
     * Runs the body with the rules in force and the trace recording; afterwards neither. {@code labels} name the
     * faults as the user wrote them, for the report of a worker that dies or hangs in the body.
     */
    public void around(Invocation<Void> body, List<String> labels) throws Throwable {
        trace();
        bodyThread = ThisThread.kernelId();
        runtime.note(new ArmedNote(bodyThread, table.getFileName().toString(), labels));
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
