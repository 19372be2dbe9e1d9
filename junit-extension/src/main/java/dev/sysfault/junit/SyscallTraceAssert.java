// Assertions on a whole recorded trace: its lost events, and the entry to assertions on its calls.
package dev.sysfault.junit;

import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceSnapshot;
import dev.sysfault.fault.trace.TraceSummary;
import org.assertj.core.api.AbstractAssert;

/**
 * {@code assertThat(trace).hasNoLostEvents().syscall("fsync").atLeastOnce()}; start from
 * {@link SyscallTraceAssertions#assertThat(SyscallTrace)}.
 */
public class SyscallTraceAssert extends AbstractAssert<SyscallTraceAssert, SyscallTrace> {

    protected SyscallTraceAssert(SyscallTrace trace) {
        super(trace, SyscallTraceAssert.class);
    }

    /**
     * No event was lost: none dropped by a full trace, overwritten by a wrapping one, or left
     * unfinished by a process that died while writing it. Check this before counting calls, and
     * after the programs exited: while they run, an event still being written counts as lost.
     */
    public SyscallTraceAssert hasNoLostEvents() {
        isNotNull();
        TraceSnapshot snapshot = actual.snapshot();
        long lost = snapshot.lost();
        if (lost != 0) {
            int recorded = snapshot.size();
            throw failure("%s", "Expecting the trace to have lost no events, but it lost " + lost + " (and holds "
                    + recorded + "): " + snapshot.dropped() + " dropped, " + snapshot.overwritten() + " overwritten, "
                    + snapshot.incomplete() + " incomplete (" + actual.options() + "): " + snapshot.lostInWords()
                    + (snapshot.lostForWantOfCapacity() ? "; a full trace drops or overwrites events: create it with"
                            + " a larger capacity (TraceOptions.capacity)" : "; check after every process has exited"));
        }
        return myself;
    }

    /** The per-syscall counts of the events recorded now, as strace -c would count them. */
    public TraceSummaryAssert summary() {
        isNotNull();
        TraceSummaryAssert summary = new TraceSummaryAssert(TraceSummary.of(actual.events()));
        return info.hasDescription() ? summary.as(info.description()) : summary;
    }

    /** The calls of the named syscalls (as strace names them: {@code openat}, {@code clone}). */
    public SyscallSelectionAssert syscall(String... names) {
        return calls(SyscallSelection.syscall(names));
    }

    /** Every recorded call, to be narrowed: {@code anySyscall().inThread(tid).failed().never()}. */
    public SyscallSelectionAssert anySyscall() {
        return calls(SyscallSelection.anySyscall());
    }

    /** The calls a prepared selection picks. */
    public SyscallSelectionAssert calls(SyscallSelection selection) {
        isNotNull();
        SyscallSelectionAssert calls = new SyscallSelectionAssert(actual, selection);
        return info.hasDescription() ? calls.as(info.description()) : calls;
    }
}
