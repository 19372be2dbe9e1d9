// Faults the test's body armed itself (InjectedFaults.inject), in force until closed: the handle and its check.
package dev.sysfault.junit;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.run.internal.UnfiredFaults;
import dev.sysfault.worker.internal.ArmedTest;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * In force, in the worker and the programs it starts from then on, from {@link InjectedFaults#inject} until
 * {@link #close()}, in place of the test's own faults (which are armed again after it):
 *
 * <pre>{@code
 * try (ArmedFaults armed = faults.inject(Fault.on("fsync").fail(Errno.EIO))) {
 *     assertThatThrownBy(wal::commit).hasMessageContaining("Input/output error");
 * }
 * wal.reopen();   // without faults
 * }</pre>
 *
 * Like an annotated fault, one that fired zero times fails the test, when it is closed (or at the end of the body,
 * for one left open), unless it is optional or the run sets {@code sysfault.faults.mustFire=false}. Close the
 * newest first; try-with-resources does.
 */
public final class ArmedFaults implements AutoCloseable {

    private final ArmedTest test;
    private final ArmedTest.Swap swap;
    private final List<Fault> faults;
    private final boolean mustFire;
    private boolean closed;

    ArmedFaults(ArmedTest test, ArmedTest.Swap swap, List<Fault> faults, boolean mustFire) {
        this.test = test;
        this.swap = swap;
        this.faults = List.copyOf(faults);
        this.mustFire = mustFire;
    }

    public List<Fault> faults() {
        return faults;
    }

    /** The counters now (docs/rule-table.md, "Counters"), fault by fault in the order given to inject. */
    public RuleCounters counters() {
        return swap.counters();
    }

    /** How often fault {@code index} matched a call, whether or not it fired. */
    public long matched(int index) {
        return counters().matched(index);
    }

    /** How often fault {@code index} fired. */
    public long fired(int index) {
        return counters().fired(index);
    }

    /**
     * Disarms these faults and arms again what was armed before them; then fails if one of them never fired.
     *
     * @throws AssertionFailedError naming each fault that never fired and the calls made instead
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        test.undo(swap);
        closed = true;
        if (mustFire) {
            List<String> labels = faults.stream().map(f -> "the fault " + f.toSpec() + " armed in the body").toList();
            List<String> unfired = UnfiredFaults.describe(faults, labels, counters(), swap.calls()::events,
                    "the body");
            if (!unfired.isEmpty()) {
                throw FaultsMustFire.failure(unfired);
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "ArmedFaults" + faults + (closed ? " (closed)" : "");
    }
}
