// In the worker: one test's rules, armed only around its body, and the view of the calls the body made.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
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
    /** The tables the body armed in place of the test's, newest last; each is undone newest first. */
    private final Deque<Swap> swaps = new ArrayDeque<>();
    private boolean bodyRunning;
    private SyscallTrace trace;
    /** The kernel thread id of the thread that runs the body, once it started; 0 before. */
    private volatile long bodyThread;

    /** A table armed by the body (its own faults, or none) until it is undone; its counters stay readable. */
    public static final class Swap {
        private final Path table;
        private final SyscallTrace calls;

        private Swap(Path table, SyscallTrace calls) {
            this.table = table;
            this.calls = calls;
        }

        public RuleCounters counters() {
            return read(table);
        }

        /** The calls made since it was armed. */
        public SyscallTrace calls() {
            return calls;
        }
    }

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

    private List<String> labels() {
        return sent.stream().map(f -> "the fault " + f.spec()).toList();
    }

    /** The test's faults, read back from the SPECs the parent sent (only when a body asks for them). */
    public List<Fault> faults() {
        return sent.stream().map(f -> f.optional() ? Fault.parse(f.spec()).optional() : Fault.parse(f.spec()))
                .toList();
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

    /** The counters of the test's own table (not of those the body armed in its place). */
    public RuleCounters counters() {
        return read(table);
    }

    private static RuleCounters read(Path table) {
        try {
            return RuleCounters.read(table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule counters in " + table, e);
        }
    }

    /**
     * Runs the body with the rules in force and the trace recording; afterwards neither. Before, it leaves a note
     * naming the body's thread and the faults (as the SPECs the parent sent), for the report of a worker that dies
     * or hangs in the body.
     */
    public void around(Invocation<Void> body) throws Throwable {
        trace();
        bodyThread = ThisThread.kernelId();
        runtime.note(new ArmedNote(bodyThread, table.getFileName().toString(), labels()));
        synchronized (this) {
            arm(table);
            runtime.recording().resume();
            bodyRunning = true;
        }
        try {
            body.proceed();
        } finally {
            // Under the lock: a thread the body left running cannot arm its own faults after this.
            synchronized (this) {
                bodyRunning = false;
                runtime.recording().pause();
                runtime.control().clearRules();
                runtime.pointChildrenAt(runtime.noRules());
            }
        }
    }

    /**
     * From the body: arms {@code rules} (compiled in this JVM, where the body decided them) in place of what is
     * armed now, in this process and in the programs it starts from now on, until {@link #undo}. The swap the
     * control API makes in-process, between two calls of any thread.
     */
    public synchronized Swap swap(RuleTable rules) {
        if (!bodyRunning) {
            throw new IllegalStateException("faults are armed from the test's body, while it runs");
        }
        Swap swap = new Swap(runtime.write(rules), runtime.trace().fromNow());
        arm(swap.table);
        swaps.addLast(swap);
        return swap;
    }

    /** Ends {@code swap}, the newest one, and arms again what was armed before it (nothing once the body ended). */
    public synchronized void undo(Swap swap) {
        if (!swaps.contains(swap)) {
            return;   // undone already
        }
        if (swaps.peekLast() != swap) {
            throw new IllegalStateException("faults armed later are still armed: close them first (try-with-resources"
                    + " closes them in the right order)");
        }
        swaps.removeLast();
        if (bodyRunning) {
            arm(swaps.isEmpty() ? table : swaps.peekLast().table);
        }
    }

    private void arm(Path rules) {
        runtime.control().loadRules(rules);
        runtime.pointChildrenAt(rules);
    }
}
