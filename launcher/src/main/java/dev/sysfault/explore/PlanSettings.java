// What narrows an exploration: which syscalls and errnos, which modes, how many runs, and the sampling seed.
package dev.sysfault.explore;

import dev.sysfault.fault.Errno;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * @param syscalls only these syscalls (names), or every one that can fail
 * @param errnos only these errnos (each where the syscall's man page lists it), or all of them
 * @param shortTransfers whether read/write-like calls also come back short (with {@code errnos} given: only when
 *     it names {@code short})
 * @param budget at most this many runs; more candidates are sampled, every point before a second errno
 * @param seed what the sampling draws from: the same seed and recording give the same runs
 */
public record PlanSettings(Optional<Set<String>> syscalls, Optional<Set<Errno>> errnos, boolean shortTransfers,
        Set<Mode> modes, int budget, long seed) {

    public static final int DEFAULT_BUDGET = 500;

    public PlanSettings {
        syscalls = syscalls.map(Set::copyOf);
        errnos = errnos.map(Set::copyOf);
        modes = Set.copyOf(Objects.requireNonNull(modes, "modes"));
        if (modes.isEmpty() || budget < 1) {
            throw new IllegalArgumentException("a plan needs a mode and a budget of at least one run");
        }
    }

    /** Every syscall, errno and short transfer, both modes, {@link #DEFAULT_BUDGET} runs, seed 0. */
    public static PlanSettings defaults() {
        return new PlanSettings(Optional.empty(), Optional.empty(), true, EnumSet.allOf(Mode.class), DEFAULT_BUDGET,
                0);
    }
}
