// Explores a command: records it twice without faults, plans the candidate faults, runs and classifies each.
package dev.sysfault.explore;

import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.fault.trace.TraceSnapshot;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.SyscallFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Fault exploration of any program. Each run starts the program afresh below the supervisor (no JVM per run)
 * with one fault armed and no trace; the rule's counter says whether the fault fired. The program should be
 * repeatable: runs share its working directory and whatever files it leaves.
 */
public final class CommandExploration {

    /** Calls a fault-free recording keeps; more are counted as lost and their points may be missing. */
    static final int RECORDING_CAPACITY = 1 << 20;
    /** The least per-run timeout, and how many times the fault-free run's time a run may take. */
    static final Duration LEAST_TIMEOUT = Duration.ofSeconds(2);
    static final int TIMEOUT_FACTOR = 10;
    /** How long a fault-free run may take before exploration gives up on the command. */
    static final Duration BASELINE_TIMEOUT = Duration.ofSeconds(60);

    /** Told after each run, for a progress line. */
    public interface Progress {
        void ran(int done, int planned, int findings, Duration elapsed);
    }

    /** The fault-free run failed to finish: there is nothing to compare with. */
    public static final class BaselineFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BaselineFailed(String message) {
            super(message);
        }
    }

    private final List<String> command;
    private final Path workingDirectory;
    private final PlanSettings settings;
    private final Optional<Duration> runTimeout;

    public CommandExploration(List<String> command, Path workingDirectory, PlanSettings settings,
            Optional<Duration> runTimeout) {
        this.command = List.copyOf(command);
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.runTimeout = Objects.requireNonNull(runTimeout, "runTimeout");
    }

    public ExplorationReport explore(Progress progress) {
        long start = System.nanoTime();
        Recorded first = record();
        Recorded second = record();
        List<FailurePoint> points = FailurePoints.compared(FailurePoints.of(first.snapshot.events(), workingDirectory),
                FailurePoints.of(second.snapshot.events(), workingDirectory));
        ExplorationPlan plan = ExplorationPlan.of(points, settings);
        boolean stdoutVaries = !first.observation.sameStdout(second.observation);
        Duration baselineTime = first.time.compareTo(second.time) > 0 ? first.time : second.time;
        Duration timeout = runTimeout.orElseGet(() -> defaultTimeout(baselineTime));
        List<ExploredRun> runs = new ArrayList<>();
        int findings = 0;
        for (Candidate c : plan.runs()) {
            ExploredRun run = run(c, first.observation, stdoutVaries, timeout);
            runs.add(run);
            findings += run.outcome().mishandled() ? 1 : 0;
            progress.ran(runs.size(), plan.runs().size(), findings, Duration.ofNanos(System.nanoTime() - start));
        }
        return new ExplorationReport(plan, runs, Duration.ofNanos(System.nanoTime() - start), first.observation,
                baselineTime, timeout,
                stdoutVaries, first.snapshot.lost() + second.snapshot.lost());
    }

    /** At least {@link #LEAST_TIMEOUT}, else {@link #TIMEOUT_FACTOR} times the fault-free run. */
    static Duration defaultTimeout(Duration baseline) {
        Duration scaled = baseline.multipliedBy(TIMEOUT_FACTOR);
        return scaled.compareTo(LEAST_TIMEOUT) > 0 ? scaled : LEAST_TIMEOUT;
    }

    private record Recorded(Observation observation, TraceSnapshot snapshot, Duration time) {
    }

    private Recorded record() {
        try (ProcessResult r = base().trace(TraceOptions.all().capacity(RECORDING_CAPACITY)).timeout(BASELINE_TIMEOUT)
                .run()) {
            if (r.timedOut()) {
                throw new BaselineFailed(String.join(" ", command) + " did not finish within "
                        + BASELINE_TIMEOUT.toSeconds() + "s without faults; exploration needs a command that ends");
            }
            return new Recorded(new Observation(r.exitCode(), false, r.stdoutBytes(), r.stderrBytes(), 0),
                    r.trace().snapshot(), r.duration());
        }
    }

    /** One run; its time is all of it, from preparing the run's directory to deleting it. */
    private ExploredRun run(Candidate c, Observation baseline, boolean stdoutVaries, Duration timeout) {
        long start = System.nanoTime();
        Observation o;
        try (ProcessResult r = base().inject(c.fault()).timeout(timeout).run()) {
            o = new Observation(r.exitCode(), r.timedOut(), r.stdoutBytes(), r.stderrBytes(), r.ruleCounters().fired(0));
        }
        Outcome outcome = Classification.of(o, baseline, stdoutVaries);
        return new ExploredRun(c, outcome, Classification.describe(outcome, o), o,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private SyscallFaults base() {
        return SyscallFaults.command(command).directory(workingDirectory);
    }
}
