// How the assertions show and read a recorded event, in one place.
package dev.sysfault.junit;

import dev.sysfault.fault.trace.StracePrinter;
import dev.sysfault.fault.trace.SyscallEvent;

final class Events {

    private Events() {
    }

    /** As strace -f prints it: {@code [pid 4711] openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3}. */
    static String line(SyscallEvent event) {
        String who = event.pid() == event.tid() ? "[pid " + event.pid() + "] "
                : "[pid " + event.pid() + " tid " + event.tid() + "] ";
        return who + StracePrinter.line(event).stripTrailing();
    }
}
