// A test parameter: the faults armed around the body, how often each has matched and fired, and faults the body arms.
package dev.sysfault.junit;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.FaultSpecException;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.worker.internal.ArmedTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The faults of a test, in rule order (the method's, its class's, the enclosing classes', then registered ones),
 * with live counters: {@code faults.fired(0)} is how often the first fault fired in the worker and its children.
 *
 * <p>The body can arm faults of its own, decided as it runs (by a {@code @ParameterizedTest}'s arguments, say), and
 * disarm them: {@link #inject} and {@link #disarm()} return an {@link ArmedFaults} in force until it is closed. A
 * test method with this parameter runs in a worker JVM even without annotated faults; register the extension with
 * {@code @ExtendWith(SyscallFaultExtension.class)} on the class then.
 */
public final class InjectedFaults {

    private final ArmedTest armed;
    private final boolean mustFire;
    private final List<ArmedFaults> armedInBody = new ArrayList<>();
    private List<Fault> faults;

    InjectedFaults(ArmedTest armed, boolean mustFire) {
        this.armed = armed;
        this.mustFire = mustFire;
    }

    /** The test's own faults: annotated and registered. */
    public synchronized List<Fault> faults() {
        if (faults == null) {
            faults = armed.faults();
        }
        return faults;
    }

    /** The counters of the test's own faults now (docs/rule-table.md, "Counters"). */
    public RuleCounters counters() {
        return armed.counters();
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
     * Arms {@code faults} now, first match first, in place of the test's own, until the result is closed.
     *
     * @throws FaultSpecException if they do not make a rule table (a fault without an action)
     */
    public ArmedFaults inject(Fault... faults) {
        Objects.requireNonNull(faults, "faults");
        if (faults.length == 0) {
            throw new FaultSpecException("inject() needs at least one fault; disarm() arms none");
        }
        return arm(List.copyOf(Arrays.asList(faults)));
    }

    /** Disarms every fault (the test's own and those the body armed) until the result is closed. */
    public ArmedFaults disarm() {
        return arm(List.of());
    }

    private synchronized ArmedFaults arm(List<Fault> faults) {
        RuleTable table = RuleTable.compile(faults);
        ArmedFaults a = new ArmedFaults(armed, armed.swap(table), faults, mustFire);
        armedInBody.add(a);
        return a;
    }

    /** At the end of the body: closes what it left armed, newest first; returns what their closing threw. */
    synchronized List<Throwable> closeLeftArmed() {
        List<Throwable> thrown = new ArrayList<>();
        for (int i = armedInBody.size() - 1; i >= 0; i--) {
            try {
                armedInBody.get(i).close();
            } catch (RuntimeException | AssertionError e) {
                thrown.add(e);
            }
        }
        return thrown;
    }

    @Override
    public String toString() {
        return "InjectedFaults" + faults();
    }
}
