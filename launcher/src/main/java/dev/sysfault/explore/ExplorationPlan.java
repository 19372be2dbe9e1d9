// The runs of an exploration: every candidate fault of every point, sampled down to the budget.
package dev.sysfault.explore;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.SyscallErrnos;
import dev.sysfault.fault.SyscallTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The planned runs, in order, and what the budget left out. Each point's candidates are its first errno at its
 * first occurrence (once, then from then on), then the rest in an order drawn from the seed; the runs take one
 * candidate of each point in turn, so every point is tried before any point gets a second one.
 *
 * @param points every failure point the recording showed that the settings keep
 * @param leftOut per syscall, how many candidates the budget left out (empty when none)
 */
public record ExplorationPlan(List<FailurePoint> points, List<Candidate> runs, Map<String, Integer> leftOut) {

    /**
     * Errors no working system returns forever: tried once only, since code that rightly retries them would hang
     * from then on.
     */
    static final Set<Errno> TRANSIENT = Set.of(Errno.EINTR, Errno.EAGAIN, Errno.EWOULDBLOCK);

    public ExplorationPlan {
        points = List.copyOf(points);
        runs = List.copyOf(runs);
        leftOut = Collections.unmodifiableMap(new TreeMap<>(leftOut));
    }

    /** The plan for the points of a recording. */
    public static ExplorationPlan of(List<FailurePoint> recorded, PlanSettings settings) {
        Random random = new Random(settings.seed());
        List<FailurePoint> points = new ArrayList<>();
        List<List<Candidate>> perPoint = new ArrayList<>();
        for (FailurePoint p : recorded) {
            if (settings.syscalls().isPresent() && !settings.syscalls().get().contains(p.syscall())) {
                continue;
            }
            List<Candidate> candidates = candidates(p, settings);
            if (!candidates.isEmpty()) {
                points.add(p);
                List<Candidate> rest = new ArrayList<>(candidates.subList(1, candidates.size()));
                Collections.shuffle(rest, random);
                rest.add(0, candidates.get(0));
                perPoint.add(rest);
            }
        }
        List<Candidate> runs = new ArrayList<>();
        Map<String, Integer> leftOut = new TreeMap<>();
        for (int round = 0; perPoint.stream().anyMatch(hasRound(round)); round++) {
            for (List<Candidate> candidates : perPoint) {
                if (round < candidates.size()) {
                    Candidate c = candidates.get(round);
                    if (runs.size() < settings.budget()) {
                        runs.add(c);
                    } else {
                        leftOut.merge(c.point().syscall(), 1, Integer::sum);
                    }
                }
            }
        }
        return new ExplorationPlan(points, runs, leftOut);
    }

    private static Predicate<List<Candidate>> hasRound(int round) {
        return candidates -> round < candidates.size();
    }

    /** Every fault of one point: its errnos (and a short transfer) at each occurrence, in each mode. */
    static List<Candidate> candidates(FailurePoint p, PlanSettings settings) {
        List<Optional<Errno>> failures = new ArrayList<>();
        for (Errno e : SyscallErrnos.of(p.syscall())) {
            if (settings.errnos().map(s -> s.contains(e)).orElse(true)) {
                failures.add(Optional.of(e));
            }
        }
        if (settings.shortTransfers() && SyscallTable.byName(p.syscall()).orElseThrow().hasByteCount()) {
            failures.add(Optional.empty());
        }
        List<Mode> modes = List.of(Mode.values()).stream().filter(settings.modes()::contains).toList();
        List<Candidate> candidates = new ArrayList<>();
        for (Optional<Errno> failure : failures) {
            for (int occurrence : p.occurrencesToTry()) {
                for (Mode mode : modes) {
                    boolean cannotShorten = failure.isEmpty() && p.oneByte().contains(p.when(occurrence));
                    if (!cannotShorten && (mode == Mode.ONCE || !failure.map(TRANSIENT::contains).orElse(false))) {
                        candidates.add(new Candidate(p, occurrence, failure, mode));
                    }
                }
            }
        }
        return candidates;
    }

    /** How many candidates the budget left out, over every syscall. */
    public int leftOutCount() {
        return leftOut.values().stream().mapToInt(Integer::intValue).sum();
    }
}
