// `sysfault syscalls` and `sysfault errnos`: the tables the SPEC syntax draws on, filtered.
package dev.sysfault.cli;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Syscall;
import dev.sysfault.fault.SyscallClass;
import dev.sysfault.fault.SyscallTable;
import dev.sysfault.fault.internal.ErrnoTable;
import dev.sysfault.fault.internal.UserInput;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** One line per syscall (number, name, strace's classes) or errno (number, name, description). */
final class Listings {

    private Listings() {
    }

    /**
     * Syscalls whose name contains {@code filter}, that have its number, or (for {@code %class}) that strace
     * puts in that class; every syscall without a filter.
     *
     * @return the exit status: 0, or 1 when nothing matched
     */
    static int syscalls(Optional<String> filter, PrintStream out) throws UsageException {
        List<Syscall> selected = new ArrayList<>();
        if (filter.isPresent() && filter.get().startsWith("%")) {
            SyscallClass c = syscallClass(filter.get());
            selected.addAll(SyscallTable.inClass(c));
        } else {
            for (Syscall s : SyscallTable.all()) {
                if (filter.isEmpty() || s.name().contains(filter.get().toLowerCase(Locale.ROOT))
                        || filter.get().equals(Integer.toString(s.number()))) {
                    selected.add(s);
                }
            }
        }
        for (Syscall s : selected) {
            out.printf("%3d  %-24s %s%n", s.number(), s.name(), classes(s.classes()));
        }
        return selected.isEmpty() ? 1 : 0;
    }

    /**
     * Errno names that contain {@code filter} (in any case) or whose number it is; every errno without a
     * filter. An alias such as ENOTSUP is listed under its own name and says which name the kernel uses.
     *
     * @return the exit status: 0, or 1 when nothing matched
     */
    static int errnos(Optional<String> filter, PrintStream out) {
        int shown = 0;
        for (Errno e : Errno.values()) {
            ErrnoTable.Entry entry = ErrnoTable.find(e.name()).orElseThrow();
            if (filter.isEmpty() || entry.name().contains(filter.get().toUpperCase(Locale.ROOT))
                    || filter.get().equals(Integer.toString(entry.number()))) {
                String alias = entry.aliasOf().map(a -> " (same number as " + a + ")").orElse("");
                out.printf("%4d  %-16s %s%s%n", entry.number(), entry.name(), entry.description(), alias);
                shown++;
            }
        }
        return shown == 0 ? 1 : 0;
    }

    /** {@code %file}, {@code %%stat}, {@code %net}, as strace writes them (any case). */
    private static SyscallClass syscallClass(String spec) throws UsageException {
        String s = spec.toLowerCase(Locale.ROOT);
        if (s.equals("%net")) {
            return SyscallClass.NETWORK;
        }
        return Arrays.stream(SyscallClass.values()).filter(c -> c.spec().equals(s)).findFirst()
                .orElseThrow(() -> new UsageException("unknown syscall class " + UserInput.plain(spec) + "; the classes are "
                        + Arrays.stream(SyscallClass.values()).map(SyscallClass::spec)
                                .collect(Collectors.joining(" "))));
    }

    private static String classes(Collection<SyscallClass> classes) {
        // In the enum's order, so that a line reads the same on every run.
        String joined = Arrays.stream(SyscallClass.values()).filter(classes::contains).map(SyscallClass::spec)
                .collect(Collectors.joining(" "));
        return joined.isEmpty() ? "-" : joined;
    }
}
