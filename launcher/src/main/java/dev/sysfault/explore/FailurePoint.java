// A place where a program can meet a failure: one syscall on one file, socket or stdout.
package dev.sysfault.explore;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A syscall acting on a target, with how often one process made it in the fault-free run.
 *
 * @param occurrences the most calls one process made on the target (a rule's {@code when} counts per process)
 * @param deterministic both fault-free recordings made the same number of these calls; when not, exploration
 *     names no occurrence but the first (which both have)
 * @param oneByte the occurrences (of the syscall on the target, as {@code when} counts them) that asked for at
 *     most one byte: a short transfer cannot shorten them (it leaves at least one byte), so it would never fire there
 * @param site the Java call site that made these calls ({@code WriteAheadLog.append(WriteAheadLog.java:57)}), or
 *     empty: every call on the target
 * @param whens with a site, the {@code when} of each of its calls: its number among all of the process's calls of
 *     this syscall on this target, which a rule counts (the site's 2nd write may be the file's 5th)
 */
public record FailurePoint(String syscall, FailureTarget target, int occurrences, boolean deterministic,
        Set<Integer> oneByte, Optional<String> site, List<Integer> whens) {

    public FailurePoint {
        oneByte = Set.copyOf(oneByte);
        whens = List.copyOf(whens);
        if (site.isPresent() && whens.size() != occurrences) {
            throw new IllegalArgumentException("a site's point has a when for each of its " + occurrences
                    + " calls, not " + whens.size());
        }
    }

    /** A point of every call on its target. */
    public FailurePoint(String syscall, FailureTarget target, int occurrences, boolean deterministic,
            Set<Integer> oneByte) {
        this(syscall, target, occurrences, deterministic, oneByte, Optional.empty(), List.of());
    }

    /** A point every occurrence of which a short transfer can shorten. */
    public FailurePoint(String syscall, FailureTarget target, int occurrences, boolean deterministic) {
        this(syscall, target, occurrences, deterministic, Set.of());
    }

    /** The {@code when} of this point's {@code occurrence}-th call. */
    public int when(int occurrence) {
        return site.isPresent() ? whens.get(occurrence - 1) : occurrence;
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

    /** {@code fsync on /tmp/x/wal.log}, {@code fsync at Wal.commit(Wal.java:80) on /tmp/x/wal.log}. */
    @Override
    public String toString() {
        return syscall + site.map(s -> " at " + s).orElse("") + " on " + target;
    }
}
