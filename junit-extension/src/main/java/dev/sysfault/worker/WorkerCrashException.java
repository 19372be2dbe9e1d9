// A test's failure when its worker JVM died or hung: exit status, the calls the test made last, its last output.
package dev.sysfault.worker;

import dev.sysfault.fault.SignalTable;
import dev.sysfault.fault.trace.StracePrinter;
import dev.sysfault.fault.trace.SyscallEvent;
import java.util.List;

/** The worker is replaced; the next test gets a fresh one. */
public final class WorkerCrashException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    static final int CALLS_SHOWN = 20;

    WorkerCrashException(String message, Throwable cause) {
        super(message, cause);
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

    /** The last calls recorded while the test ran, as strace prints them. */
    static String lastCalls(List<SyscallEvent> events) {
        if (events.isEmpty()) {
            return "\nno calls were recorded while the test ran";
        }
        List<SyscallEvent> last = events.subList(Math.max(0, events.size() - CALLS_SHOWN), events.size());
        return "\nthe last " + last.size() + " of " + events.size() + " calls it recorded:\n  "
                + StracePrinter.print(last).strip().replace("\n", "\n  ");
    }
}
