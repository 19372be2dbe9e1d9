// For FaultLanguageTest: a fresh JVM that loads the fault language ahead, then does with a test's fault what the
// test JVM does with a faulted test's (parse, compile, SPEC for the worker), between two lines on standard output.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import java.util.List;

public final class FaultLanguageAhead {

    static final String AHEAD = "loaded ahead";
    static final String DONE = "the test's faults sent";

    private FaultLanguageAhead() {
    }

    public static void main(String[] args) {
        FaultLanguage.loadAhead();
        System.out.println(AHEAD);
        Fault fault = Fault.parse(args[0]);
        RuleTable.compile(List.of(fault));
        fault.toSpec();
        System.out.println(DONE);
    }
}
