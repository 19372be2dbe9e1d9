// Loads the fault language ahead in the test JVM, so that its first faulted test does not wait for it.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import java.util.List;

/** What the test JVM does with a faulted test's faults before it sends them to a worker, done once ahead. */
final class FaultLanguage {

    private FaultLanguage() {
    }

    /**
     * Parses, compiles and writes back as a SPEC a fault, as the first faulted test does with its own (parsed and
     * compiled, about 20 ms cold; sent to the worker as SPECs, 20 to 80 ms cold, on the machine this project is built
     * on): {@link SpareWorker} runs this behind the worker's start, while the run still discovers its tests.
     */
    static void loadAhead() {
        Fault fault = Fault.parse("acct:error=EPERM");
        RuleTable.compile(List.of(fault));
        fault.toSpec();
    }
}
