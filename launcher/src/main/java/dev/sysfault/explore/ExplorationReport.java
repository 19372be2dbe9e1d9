// The result of an exploration: the plan, every run, and the findings grouped by point and outcome.
package dev.sysfault.explore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * @param baseline what the first fault-free run did (every run is compared with it)
 * @param baselineTime the slower of the two fault-free runs
 * @param stdoutVaries the two fault-free runs printed different things, so no run can be judged silent
 * @param lostEvents calls the fault-free recordings lost (points may be missing when not 0)
 */
public record ExplorationReport(ExplorationPlan plan, List<ExploredRun> runs, Duration time, Observation baseline,
        Duration baselineTime,
        Duration runTimeout, boolean stdoutVaries, long lostEvents) {

    public ExplorationReport {
        runs = List.copyOf(runs);
    }

    /**
     * A mishandled point: a point and outcome, the first run that showed it (its SPEC reproduces it) and how
     * many runs did.
     */
    public record Finding(Outcome outcome, ExploredRun first, int runs) {
    }

    /** One finding per point and mishandled outcome, in the order the runs found them. */
    public List<Finding> findings() {
        Map<String, List<ExploredRun>> grouped = new LinkedHashMap<>();
        for (ExploredRun r : runs) {
            if (r.outcome().mishandled()) {
                grouped.computeIfAbsent(r.candidate().point() + " " + r.outcome(), k -> new ArrayList<>()).add(r);
            }
        }
        return grouped.values().stream().map(rs -> new Finding(rs.get(0).outcome(), rs.get(0), rs.size())).toList();
    }

    /** Runs per outcome, every outcome listed. */
    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        runs.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        return counts;
    }

    public boolean anyMishandled() {
        return runs.stream().anyMatch(r -> r.outcome().mishandled());
    }
}
