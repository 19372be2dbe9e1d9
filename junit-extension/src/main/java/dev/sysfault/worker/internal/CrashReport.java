// The pieces of a WorkerCrashException's message: how the worker ended, the calls made last, the faults and their counts.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.internal.SignalTable;
import dev.sysfault.fault.trace.StracePrinter;
import dev.sysfault.fault.trace.SyscallEvent;
import java.util.List;
import java.util.Optional;

/** Text for the report of a worker that died or hung while a test ran. */
final class CrashReport {

    private static final int CALLS_SHOWN = 20;

    private CrashReport() {
    }

    /** {@code "exited with status 3"}, {@code "was killed by SIGSEGV (exit status 139)"}. */
    static String describeExit(Integer status) {
        if (status == null) {
            return "stopped answering and did not exit within 10 s";
        }
        if (status > 128 && status <= 128 + SignalTable.MAX_SIGNAL) {
            return "was killed by " + SignalTable.name(status - 128) + " (exit status " + status + ")";
        }
        return "exited with status " + status + (status == 0 ? " (System.exit(0)?)" : "");
    }

    /** The last calls recorded while the test ran, as strace prints them; {@code who} made them. */
    static String lastCalls(List<SyscallEvent> events, String who) {
        if (events.isEmpty()) {
            return "\nno calls were recorded while the test ran";
        }
        List<SyscallEvent> last = events.subList(Math.max(0, events.size() - CALLS_SHOWN), events.size());
        return "\nthe last " + last.size() + " of " + events.size() + " calls " + who + ":\n  "
                + StracePrinter.print(last).strip().replace("\n", "\n  ");
    }

    /** The faults armed in the body, each with how often it matched and fired (when the counters could be read). */
    static String faults(List<String> labels, Optional<RuleCounters> counters) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("\nthe faults armed in the body:");
        for (int i = 0; i < labels.size(); i++) {
            s.append("\n  ").append(labels.get(i));
            if (counters.isPresent() && i < counters.get().rules().size()) {
                long matched = counters.get().matched(i);
                long fired = counters.get().fired(i);
                s.append(": matched ").append(matched).append(matched == 1 ? " call" : " calls").append(", fired ")
                        .append(fired).append(fired == 1 ? " time" : " times");
            }
        }
        return s.toString();
    }
}
