// How a test ran in a worker JVM, as the parent sees it: the outcome, the rule counters and the calls it made.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.worker.internal.Messages.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * Read by {@code SyscallFaultExtension} after the worker answered, to fail a test whose fault never fired: the
 * counters are in the table the parent wrote into the worker's directory, and the trace is recorded only while the
 * body runs, so the calls seen since the test was sent are the body's.
 */
public final class WorkerRun {

    private final Outcome outcome;
    private final RuleCounters counters;
    private final SyscallTrace calls;
    private final Optional<String> bodyNotes;

    /**
     * Reads the counters now, while the worker's directory exists (a worker used for one test only is closed, and
     * its directory deleted, as soon as it is given back); the trace stays readable through its mapping.
     */
    WorkerRun(Outcome outcome, Path rules, SyscallTrace calls, Optional<String> bodyNotes) {
        this.outcome = outcome;
        this.counters = rules == null ? new RuleCounters(List.of()) : read(rules);
        this.calls = calls;
        this.bodyNotes = bodyNotes;
    }

    private static RuleCounters read(Path rules) {
        try {
            return RuleCounters.read(rules);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule counters in " + rules, e);
        }
    }

    /** How the test ended: null when it passed, else what it threw (aborted included). */
    public Throwable thrown(ClassLoader loader) {
        return switch (outcome.status()) {
            case PASSED -> null;
            case FAILED, ABORTED -> outcome.thrown() == null
                    ? new AssertionError("the test " + outcome.status().name().toLowerCase() + " in the worker JVM")
                    : ThrownAcross.read(outcome.thrown(), loader);
            case SKIPPED -> new TestAbortedException("skipped in the worker JVM: " + outcome.reason());
        };
    }

    /** How often each rule of the test's table matched and fired (none when the test had no faults). */
    public RuleCounters counters() {
        return counters;
    }

    /** What the body left for the parent in the worker ({@link BodyNotes#write}), if anything. */
    public Optional<String> bodyNotes() {
        return bodyNotes;
    }

    /** The calls the test's body made, in the worker and its children. */
    public List<SyscallEvent> calls() {
        return calls.events();
    }
}
