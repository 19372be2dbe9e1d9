// A place where a program can meet a failure: one syscall on one file, socket or stdout.
package dev.sysfault.explore;

import java.util.Set;

/**
 * A syscall acting on a target, with how often one process made it in the fault-free run.
 *
 * @param occurrences the most calls one process made on the target (a rule's {@code when} counts per process)
 * @param deterministic both fault-free recordings made the same number of these calls; when not, exploration
 *     names no occurrence but the first (which both have)
 * @param oneByte the occurrences that asked for at most one byte: a short transfer cannot shorten them (it leaves
 *     at least one byte), so it would never fire there
 */
public record FailurePoint(String syscall, FailureTarget target, int occurrences, boolean deterministic,
        Set<Integer> oneByte) {

    public FailurePoint {
        oneByte = Set.copyOf(oneByte);
    }

    /** A point every occurrence of which a short transfer can shorten. */
    public FailurePoint(String syscall, FailureTarget target, int occurrences, boolean deterministic) {
        this(syscall, target, occurrences, deterministic, Set.of());
    }

    /** The occurrences worth failing: the first, the second and the last (a loop of 1,000 writes is one point). */
    int[] occurrencesToTry() {
        if (!deterministic || occurrences == 1) {
            return new int[] {1};
        }
        if (occurrences == 2) {
            return new int[] {1, 2};
        }
        return occurrences == 3 ? new int[] {1, 2, 3} : new int[] {1, 2, occurrences};
    }

    /** {@code fsync on /tmp/x/wal.log}. */
    @Override
    public String toString() {
        return syscall + " on " + target;
    }
}
