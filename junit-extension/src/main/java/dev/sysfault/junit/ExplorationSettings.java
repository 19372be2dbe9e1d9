// An @ExploreSyscallFaults read and checked: the plan's settings, the point filters and the expected exceptions.
package dev.sysfault.junit;

import dev.sysfault.explore.FailurePoint;
import dev.sysfault.explore.FailureTarget;
import dev.sysfault.explore.PlanSettings;
import dev.sysfault.fault.Errno;
import dev.sysfault.fault.SyscallTable;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Checked before anything runs; a bad value names the element and says what would work. */
record ExplorationSettings(PlanSettings plan, Optional<Pattern> path, Optional<Pattern> fdPath,
        List<Class<? extends Throwable>> expect) {

    static ExplorationSettings of(ExploreSyscallFaults a) {
        Optional<Set<String>> syscalls = Optional.empty();
        if (a.syscalls().length > 0) {
            Set<String> names = new LinkedHashSet<>();
            for (String s : a.syscalls()) {
                String name = s.trim();
                if (SyscallTable.byName(name).isEmpty()) {
                    throw bad("syscalls", "\"" + s + "\" is no syscall this machine knows"
                            + closest(SyscallTable.closest(name, 3)));
                }
                names.add(name);
            }
            syscalls = Optional.of(names);
        }
        Optional<Set<Errno>> errnos = Optional.empty();
        boolean shortTransfers = true;
        if (a.errnos().length > 0) {
            Set<Errno> set = EnumSet.noneOf(Errno.class);
            shortTransfers = false;
            for (String e : a.errnos()) {
                String name = e.trim();
                if (name.equals("short")) {
                    shortTransfers = true;
                    continue;
                }
                try {
                    set.add(Errno.valueOf(name.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException unknown) {
                    throw bad("errnos", "\"" + e + "\" is no errno: write a name such as \"EIO\" or \"ENOSPC\","
                            + " or \"short\" for a short transfer");
                }
            }
            errnos = Optional.of(set);
        }
        if (a.mode().length == 0) {
            throw bad("mode", "it is empty: give Mode.ONCE, Mode.FROM_THEN_ON or both (the default)");
        }
        if (a.budget() < 1) {
            throw bad("budget", a.budget() + " runs is no budget: give at least 1 (the default is 500)");
        }
        PlanSettings plan = new PlanSettings(syscalls, errnos, shortTransfers, EnumSet.copyOf(List.of(a.mode())),
                a.budget(), a.seed());
        return new ExplorationSettings(plan, glob("path", a.path()), glob("fdPath", a.fdPath()),
                List.of(a.expect()));
    }

    /** Whether the filters keep {@code p}, a point of the recording (with its full paths). */
    boolean keeps(FailurePoint p) {
        if (path.isEmpty() && fdPath.isEmpty()) {
            return true;
        }
        FailureTarget t = p.target();
        return t.kind() == FailureTarget.Kind.PATH_ARGUMENT && path.map(g -> g.matcher(t.name()).matches()).orElse(false)
                || t.kind() == FailureTarget.Kind.DESCRIPTOR && fdPath.map(g -> g.matcher(t.name()).matches()).orElse(false);
    }

    /** Whether {@code thrown} is one the test said the code may throw (always false when it named none). */
    boolean expected(Throwable thrown) {
        return expect.stream().anyMatch(c -> c.isInstance(thrown));
    }

    /**
     * A glob as rules read it ({@code *} within a component, {@code **} across, {@code ?} one character), as a
     * pattern; one without {@code /} matches the last component of any path.
     */
    private static Optional<Pattern> glob(String element, String glob) {
        if (glob.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder regex = new StringBuilder(glob.contains("/") ? "" : "(?:.*/)?");
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Optional.of(Pattern.compile(regex.toString()));
    }

    private static String closest(List<String> names) {
        return names.isEmpty() ? "" : " (did you mean " + String.join(", ", names) + "?)";
    }

    private static ExtensionConfigurationException bad(String element, String what) {
        return new ExtensionConfigurationException("@ExploreSyscallFaults(" + element + ") cannot work: " + what);
    }
}
