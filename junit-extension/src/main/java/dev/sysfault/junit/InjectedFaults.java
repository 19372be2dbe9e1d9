// A test parameter: the faults armed around the body, and how often each has matched and fired so far.
package dev.sysfault.junit;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import java.util.List;
import java.util.function.Supplier;

/**
 * The faults of a test, in rule order (the method's, its class's, the enclosing classes', then registered ones),
 * with live counters: {@code faults.fired(0)} is how often the first fault fired in the worker and its children.
 */
public final class InjectedFaults {

    private final List<Fault> faults;
    private final Supplier<RuleCounters> counters;

    InjectedFaults(List<Fault> faults, Supplier<RuleCounters> counters) {
        this.faults = List.copyOf(faults);
        this.counters = counters;
    }

    public List<Fault> faults() {
        return faults;
    }

    /** The counters now (docs/rule-table.md, "Counters"). */
    public RuleCounters counters() {
        return counters.get();
    }

    /** How often fault {@code index} matched a call, whether or not it fired. */
    public long matched(int index) {
        return counters().matched(index);
    }

    /** How often fault {@code index} fired. */
    public long fired(int index) {
        return counters().fired(index);
    }

    @Override
    public String toString() {
        return "InjectedFaults" + faults;
    }
}
