// After `sysfault run`: a warning on stderr for each --inject SPEC that never fired; the exit status stays.
package dev.sysfault.cli;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.internal.UnfiredFaults;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What the JUnit extension fails a test for, said as a warning: strace does not fail when its --inject never
 * fires either, but a user who sees no effect should learn why ({@code fdatasync} where the SPEC says {@code fsync}).
 */
final class UnfiredFaultWarning {

    /** Events kept for the warning when no --trace or --summary asked for every call. */
    private static final int CAPACITY = 1 << 16;

    private UnfiredFaultWarning() {
    }

    /** What to record when nothing else is: the calls the warning names, and the ones that name descriptors. */
    static Optional<TraceOptions> recording(List<Fault> faults) {
        return faults.isEmpty() ? Optional.empty()
                : Optional.of(TraceOptions.syscalls(UnfiredFaults.callsToRecord(faults)).capacity(CAPACITY));
    }

    /** One line per fault that fired zero times, each starting {@code sysfault: warning:}. */
    static void print(List<Fault> faults, RuleCounters counters, Optional<SyscallTrace> trace, PrintStream err) {
        List<String> labels = faults.stream().map(f -> "--inject " + f.toSpec()).toList();
        for (String line : UnfiredFaults.describe(faults, labels, counters,
                () -> trace.map(SyscallTrace::events).orElse(null), "the command")) {
            // UTF-8 whatever the locale, as the trace lines are: "fdatasync ×2" is not "fdatasync ?2".
            err.writeBytes(("sysfault: warning: " + line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        err.flush();
    }
}
