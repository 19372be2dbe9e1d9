// Prints recorded calls as strace's lines: name(decoded arguments) = result, with errno names and (INJECTED).
package dev.sysfault.fault.trace;

import dev.sysfault.fault.internal.ErrnoTable;
import dev.sysfault.fault.internal.SignalTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One line per event, as {@code strace -f} prints it:
 * {@code openat(AT_FDCWD, "/etc/hosts", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory) (INJECTED)},
 * with {@code =} at column 40 for short calls, and {@code [pid  TID] } in front when the events come from
 * more than one thread. Each syscall shows as many arguments as it takes, of the kinds {@code SyscallArguments}
 * gives (descriptors, paths, sizes, open/mmap/at/socket/clone flags, modes, whence, fcntl commands; hex where the
 * table knows only the count). The first bytes of read/write buffers show as strace's {@code -s} strings
 * ({@code write(1, "hello\n", 6)}). What the trace does not hold is shown as strace shows an address it cannot
 * read: structs, a buffer of a failed call and the second path of {@code rename} are pointers. {@code rt_sigreturn} is shown without its mask. A call a
 * fault's delay or signal still holds, or that a signal ended, is shown as strace shows a call in progress:
 * {@code fsync(3 <unfinished ...>}.
 */
public final class StracePrinter {

    private static final int RESULT_COLUMN = 40;

    private StracePrinter() {
    }

    /** Every event on its own line (each ending in a newline), with pid prefixes when there are several threads. */
    public static String print(Collection<SyscallEvent> events) {
        boolean prefix = events.stream().map(SyscallEvent::tid).distinct().count() > 1;
        StringBuilder s = new StringBuilder();
        events.forEach(e -> s.append(line(e, prefix)).append('\n'));
        return s.toString();
    }

    /** The event's line without a pid prefix. */
    public static String line(SyscallEvent e) {
        return line(e, false);
    }

    /** The event's line, with strace's {@code [pid  TID] } in front if {@code pidPrefix}. */
    public static String line(SyscallEvent e, boolean pidPrefix) {
        StringBuilder s = new StringBuilder();
        if (pidPrefix) {
            s.append(String.format("[pid %5d] ", e.tid()));
        }
        s.append(e.name()).append('(').append(String.join(", ", arguments(e)));
        if (e.unfinished()) {
            return s.append(" <unfinished ...>").toString();   // a fault's delay or signal holds it, or ended it
        }
        s.append(") ");
        while (s.length() < RESULT_COLUMN) {
            s.append(' ');
        }
        return s.append("= ").append(result(e)).toString();
    }

    static List<String> arguments(SyscallEvent e) {
        if (e.name().equals("clone")) {
            return cloneArguments(e);
        }
        Optional<List<ArgumentKind>> kinds = SyscallArguments.of(e.name());
        List<String> args = new ArrayList<>();
        if (kinds.isEmpty()) {
            e.args().forEach(a -> args.add(ArgumentKind.hex(a)));
            return args;
        }
        for (int i = 0; i < kinds.get().size(); i++) {
            String text = kinds.get().get(i).format(e, i);
            if (text != null) {
                args.add(text);
            }
        }
        return args;
    }

    static String result(SyscallEvent e) {
        String text;
        long r = e.result();
        if (e.noReturn()) {
            text = "?";
        } else if (e.failed()) {
            int n = e.errnoNumber();
            text = "-1 " + ErrnoTable.byNumber(n).map(ErrnoTable.Entry::toString)
                    .orElse("ERRNO_" + n + " (Unknown error " + n + ")");
        } else if (SyscallArguments.ADDRESS_RESULT.contains(e.name())) {
            text = ArgumentKind.hex(r);
        } else if (e.name().equals("fcntl") && e.arg(1) == 3) { // F_GETFL
            text = ArgumentKind.hex(r) + " (flags " + LinuxFlags.OPEN.format(r & 0xffffffffL) + ")";
        } else if (e.name().equals("fcntl") && e.arg(1) == 1 && r != 0) { // F_GETFD
            text = ArgumentKind.hex(r) + " (flags " + LinuxFlags.FD_FLAGS.format(r) + ")";
        } else {
            text = Long.toString(r);
        }
        return e.injected() ? text + " (INJECTED)" : text;
    }

    /** x86-64's clone(flags, stack, parent_tid, child_tid, tls) in strace's order, showing what the flags use. */
    private static List<String> cloneArguments(SyscallEvent e) {
        long flags = e.arg(0);
        int signal = (int) (flags & 0xff);
        String named = LinuxFlags.CLONE.format(flags & ~0xffL);
        String flagText = signal == 0 ? named
                : (named.equals("0") ? "" : named + "|") + SignalTable.name(signal);
        List<String> args = new ArrayList<>();
        args.add("child_stack=" + (e.arg(1) == 0 ? "NULL" : ArgumentKind.hex(e.arg(1))));
        args.add("flags=" + flagText);
        if (LinuxFlags.CLONE.has(flags, "CLONE_PARENT_SETTID") || LinuxFlags.CLONE.has(flags, "CLONE_PIDFD")) {
            args.add("parent_tid=" + ArgumentKind.hex(e.arg(2)));
        }
        if (LinuxFlags.CLONE.has(flags, "CLONE_SETTLS")) {
            args.add("tls=" + ArgumentKind.hex(e.arg(4)));
        }
        if (LinuxFlags.CLONE.has(flags, "CLONE_CHILD_SETTID") || LinuxFlags.CLONE.has(flags, "CLONE_CHILD_CLEARTID")) {
            args.add("child_tidptr=" + ArgumentKind.hex(e.arg(3)));
        }
        return args;
    }
}
