// The arguments of `sysfault explore`, checked completely before anything runs.
package dev.sysfault.cli;

import dev.sysfault.explore.Mode;
import dev.sysfault.explore.PlanSettings;
import dev.sysfault.fault.Errno;
import dev.sysfault.fault.SyscallClass;
import dev.sysfault.fault.SyscallTable;
import dev.sysfault.fault.internal.ErrnoTable;
import dev.sysfault.fault.internal.UserInput;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code [--syscalls SET] [--errnos LIST] [--mode once|from-then-on|both] [--budget N] [--seed N]
 * [--timeout DURATION] [--json FILE] [--] COMMAND [ARGS...]}, each option also as {@code --name=value}.
 *
 * @param timeout per run; empty: derived from the fault-free run
 */
record ExploreOptions(PlanSettings plan, Optional<Duration> timeout, Optional<String> json, List<String> command) {

    private static final List<String> OPTIONS = List.of("--syscalls", "--errnos", "--mode", "--budget", "--seed",
            "--timeout", "--json");

    ExploreOptions {
        command = List.copyOf(command);
    }

    static ExploreOptions parse(List<String> args) throws UsageException {
        Optional<Set<String>> syscalls = Optional.empty();
        Optional<Set<Errno>> errnos = Optional.empty();
        boolean shortTransfers = true;
        Set<Mode> modes = EnumSet.allOf(Mode.class);
        int budget = PlanSettings.DEFAULT_BUDGET;
        long seed = 0;
        Optional<Duration> timeout = Optional.empty();
        Optional<String> json = Optional.empty();
        Set<String> given = new LinkedHashSet<>();
        OptionScanner options = new OptionScanner(args);
        for (Optional<OptionScanner.Option> next = options.next(); next.isPresent(); next = options.next()) {
            String name = next.get().name();
            if (!OPTIONS.contains(name)) {
                throw new UsageException("unknown option " + UserInput.plain(name) + " for explore; the options are "
                        + String.join(", ", OPTIONS) + " (see sysfault --help)");
            }
            if (!given.add(name)) {
                throw new UsageException(name + " is given twice; give it once");
            }
            String value = options.value(next.get(), ExploreOptions::example);
            switch (name) {
                case "--syscalls" -> syscalls = Optional.of(syscalls(value));
                case "--errnos" -> {
                    errnos = Optional.of(errnos(value));
                    shortTransfers = List.of(value.split(",", -1)).contains("short");
                }
                case "--mode" -> modes = modes(value);
                case "--budget" -> budget = (int) number(name, value, 1, Integer.MAX_VALUE);
                case "--seed" -> seed = number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--timeout" -> timeout = Optional.of(RunOptions.duration(value));
                default -> {
                    if (value.isEmpty()) {
                        throw new UsageException("--json needs a file: " + example(name));
                    }
                    json = Optional.of(value);
                }
            }
        }
        List<String> command = options.command("explore", "sysfault explore [options] -- COMMAND [ARGS...]",
                "sysfault explore -- cp in.txt out.txt", "sysfault explore -- ls");
        return new ExploreOptions(new PlanSettings(syscalls, errnos, shortTransfers, modes, budget, seed), timeout,
                json, command);
    }

    /** Names and strace classes ({@code %file}, {@code %network}), comma-separated. */
    private static Set<String> syscalls(String value) throws UsageException {
        Set<String> names = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            if (part.startsWith("%")) {
                Optional<SyscallClass> c = List.of(SyscallClass.values()).stream()
                        .filter(k -> k.spec().equals(part) || part.equals("%net") && k == SyscallClass.NETWORK)
                        .findFirst();
                if (c.isEmpty()) {
                    throw new UsageException("--syscalls " + UserInput.plain(value) + ": unknown class "
                            + UserInput.plain(part) + "; the classes are listed by sysfault syscalls");
                }
                SyscallTable.inClass(c.get()).forEach(s -> names.add(s.name()));
            } else if (SyscallTable.byName(part).isPresent()) {
                names.add(part);
            } else {
                throw new UsageException("--syscalls " + UserInput.plain(value) + ": unknown syscall "
                        + UserInput.plain(part) + suggestion(SyscallTable.closest(part, 3)));
            }
        }
        return names;
    }

    /** Errno names, comma-separated, and {@code short} for short transfers. */
    private static Set<Errno> errnos(String value) throws UsageException {
        Set<Errno> errnos = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            if (part.equals("short")) {
                continue;
            }
            Optional<ErrnoTable.Entry> e = ErrnoTable.find(part);
            if (e.isEmpty()) {
                throw new UsageException("--errnos " + UserInput.plain(value) + ": unknown errno "
                        + UserInput.plain(part) + suggestion(ErrnoTable.closest(part.toUpperCase(Locale.ROOT), 3))
                        + " (or short, for short reads and writes)");
            }
            errnos.add(Errno.valueOf(e.get().name()));
        }
        return errnos;
    }

    private static Set<Mode> modes(String value) throws UsageException {
        return switch (value) {
            case "once" -> EnumSet.of(Mode.ONCE);
            case "from-then-on" -> EnumSet.of(Mode.FROM_THEN_ON);
            case "both" -> EnumSet.allOf(Mode.class);
            default -> throw new UsageException("--mode " + UserInput.plain(value)
                    + " is not a mode: write once, from-then-on or both");
        };
    }

    private static long number(String name, String value, long least, long most) throws UsageException {
        try {
            long n = Long.parseLong(value);
            if (n >= least && n <= most) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(name + " " + UserInput.plain(value) + " is not "
                + (least == 1 ? "a number of runs from 1 to " + most : "a whole number") + ": " + example(name));
    }

    private static String suggestion(List<String> closest) {
        return closest.isEmpty() ? "" : "; did you mean " + String.join(", ", closest) + "?";
    }

    private static String example(String option) {
        return switch (option) {
            case "--syscalls" -> "--syscalls fsync,write or --syscalls %file";
            case "--errnos" -> "--errnos EIO,ENOSPC,short";
            case "--mode" -> "--mode once, from-then-on or both";
            case "--budget" -> "--budget 200";
            case "--seed" -> "--seed 42";
            case "--timeout" -> "--timeout 10s (units ms, s, m)";
            default -> "--json runs.json";
        };
    }
}
