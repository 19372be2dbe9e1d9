// In the parent: one @ExploreSyscallFaults test's exploration: the fault-free recordings, the plan, each run's verdict.
package dev.sysfault.junit;

import dev.sysfault.explore.Candidate;
import dev.sysfault.explore.ExplorationPlan;
import dev.sysfault.explore.FailurePoint;
import dev.sysfault.explore.FailurePoints;
import dev.sysfault.explore.FailureTarget;
import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.worker.WorkerCrashException;
import dev.sysfault.worker.internal.WorkerRun;
import dev.sysfault.worker.internal.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The fault-free run is recorded twice (a point the two runs made a different number of times is
 * nondeterministic, as {@code sysfault explore} has it); its points name files by their names alone, since a test's
 * {@code @TempDir} is new in every run. The per-run timeout is ten times the second fault-free run (the first one starts the worker and
 * loads the body's classes), at least 2 s,
 * at most {@code sysfault.worker.timeout}. Each later run is judged by {@link #run}.
 */
final class Exploration implements AutoCloseable {

    static final Duration LEAST_TIMEOUT = Duration.ofSeconds(2);

    private final ExplorationSettings settings;
    private final ExplorationSummary summary;
    private final CompletableFuture<ExplorationPlan> plan = new CompletableFuture<>();
    private List<String> faultFreeLeftOpen = List.of();
    private Duration timeout;
    /** The runs started ahead on several container workers, when they may be ({@link RunsAhead#start}). */
    private Optional<RunsAhead> ahead = Optional.empty();

    Exploration(ExplorationSettings settings, ExplorationSummary summary) {
        this.settings = settings;
        this.summary = summary;
    }

    /** The planned runs, once the fault-free run is recorded (none if it failed). */
    List<Candidate> runs() {
        return plan.join().runs();
    }

    /**
     * {@code fsync #3 on wal.log → EIO (once)}: the file by its name, as the user knows it; with a call site, its
     * number is the site's: {@code write #2 at WriteAheadLog.append(WriteAheadLog.java:57) on wal.log → EIO (once)}.
     */
    static String title(Candidate c) {
        String target = c.point().target().toString();
        return c.point().syscall() + " #" + c.occurrence() + c.point().site().map(s -> " at " + s).orElse("")
                + " on " + target.substring(target.lastIndexOf('/') + 1)
                + " → " + c.errno().map(Errno::name).orElse("short") + " (" + c.mode().word() + ")";
    }

    /** The first invocation: the body twice without faults, in the worker, recorded. */
    void recordFaultFree(ExtensionContext context) {
        try {
            ObservedBody first = faultFree(context);
            long start = System.nanoTime();   // the second run: the worker is up and the body's classes loaded
            ObservedBody second = faultFree(context);
            Duration derived = Duration.ofNanos((System.nanoTime() - start) * 10);
            timeout = derived.compareTo(LEAST_TIMEOUT) < 0 ? LEAST_TIMEOUT : derived;
            Duration configured = Workers.configuredTimeout(context);
            timeout = timeout.compareTo(configured) > 0 ? configured : timeout;
            faultFreeLeftOpen = first.leftOpen();
            List<FailurePoint> points = FailurePoints.compared(byFileName(first.points()),
                    byFileName(second.points()));
            ExplorationPlan planned = ExplorationPlan.of(points, settings.plan());
            summary.planned(planned);
            context.publishReportEntry("sysfault.exploration", planned.points().size() + " failure points, "
                    + planned.runs().size() + " runs" + (planned.leftOutCount() == 0 ? ""
                            : ", " + planned.leftOutCount() + " left out by the budget " + planned.leftOut()));
            plan.complete(planned);
            ahead = RunsAhead.start(context, workerImage(context), planned.runs(), timeout);
        } catch (RuntimeException | Error e) {
            plan.complete(ExplorationPlan.of(List.of(), settings.plan()));
            summary.faultFreeFailed(e);
            try {
                summary.write(context);   // says that nothing was explored, and why
            } catch (RuntimeException unwritten) {
                e.addSuppressed(unwritten);
            }
            throw e;
        }
        if (runs().isEmpty()) {
            summary.write(context);
        }
    }

    private ObservedBody faultFree(ExtensionContext context) {
        WorkerRun ran = Workers.runInWorker(context, workerImage(context), RuleTable.compile(callSites()), List.of(),
                List.of());
        Throwable thrown = ran.thrown(context.getRequiredTestClass().getClassLoader());
        if (thrown instanceof RuntimeException r) {
            throw r;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        if (thrown != null) {
            throw new AssertionFailedError("the fault-free run failed, so no fault can be explored: " + thrown,
                    thrown);
        }
        return ran.bodyNotes().map(ObservedBody::parse).orElse(ObservedBody.NOTHING);
    }

    /**
     * The fault-free run's rule: every call that could be a point (of the syscalls the settings keep) waits
     * while the worker reads its Java call site (a PAUSE rule), then runs unchanged.
     */
    private List<Fault> callSites() {
        List<String> syscalls = FailurePoints.syscallsThatCanBePoints().stream()
                .filter(s -> settings.plan().syscalls().map(kept -> kept.contains(s)).orElse(true)).toList();
        // none when the settings keep only syscalls that cannot be points: then there is nothing to explore
        return syscalls.isEmpty() ? List.of() : List.of(Fault.on(syscalls.toArray(String[]::new)).pauseForWatcher());
    }

    /** The points the filters keep, each file named by its name alone; points that then coincide are one. */
    private List<FailurePoint> byFileName(List<FailurePoint> recorded) {
        Map<String, FailurePoint> merged = new LinkedHashMap<>();
        for (FailurePoint p : recorded) {
            if (!settings.keeps(p)) {
                continue;
            }
            FailureTarget t = p.target().byFileName();
            // Two files of one name (in two directories) are one target: their sites' whens no longer add up, so
            // such a point is named by the file alone.
            merged.merge(p.syscall() + " " + t.kind() + " " + t.name() + p.site().map(s -> " at " + s).orElse(""),
                    new FailurePoint(p.syscall(), t, p.occurrences(), true, Set.of(), p.site(), p.whens()),
                    (a, b) -> new FailurePoint(a.syscall(), t, a.occurrences() + b.occurrences(), true));
        }
        return List.copyOf(merged.values());
    }

    /** One faulted invocation: runs it in the worker and fails it when the code mishandled the fault. */
    void run(Candidate candidate, ExtensionContext context) {
        try {
            judge(candidate, context);
        } finally {
            if (summary.runs() == runs().size()) {
                summary.write(context);
            }
        }
    }

    private void judge(Candidate candidate, ExtensionContext context) {
        String reproduce = "\nReproduce with: @InjectSyscallFault(spec = \"" + candidate.spec() + "\")";
        WorkerRun ran;
        try {
            ran = ahead.isPresent() ? ahead.get().result(indexOf(candidate))
                    : Workers.runInWorker(context, workerImage(context), RuleTable.compile(List.of(candidate.fault())),
                            List.of(candidate.fault()), List.of("the explored fault " + candidate.spec()),
                            Optional.of(timeout));
        } catch (WorkerCrashException e) {
            boolean hung = e.getMessage().contains("still running after");
            String outcome = hung ? "hang" : "crash";
            summary.add(candidate, outcome);
            throw new AssertionFailedError(outcome + ": " + title(candidate) + ": " + (hung
                    ? "still running after " + timeout.toMillis() + " ms (10 × the fault-free run, at least"
                            + " 2 s); " : "") + e.getMessage() + reproduce, e);
        }
        if (ran.counters().fired(0) == 0) {
            summary.add(candidate, "not-fired");
            throw new TestAbortedException("the fault " + candidate.spec() + " never fired in this run, so it says"
                    + " nothing about the code");
        }
        Throwable thrown = ran.thrown(context.getRequiredTestClass().getClassLoader());
        if (thrown instanceof TestAbortedException aborted) {
            summary.add(candidate, "aborted");
            throw aborted;
        }
        if (thrown != null && !settings.expected(thrown)) {
            boolean ownAssertion = thrown instanceof AssertionError;
            String outcome = ownAssertion ? "failed" : "unexpected";
            summary.add(candidate, outcome);
            throw new AssertionFailedError(outcome + ": " + title(candidate) + ": " + (ownAssertion ? "" : (
                    settings.expect().isEmpty() ? "the body threw " : "the body threw an exception outside expect: "))
                    + thrown + reproduce, thrown);
        }
        List<String> leaked = new ArrayList<>(ran.bodyNotes().map(ObservedBody::parse).orElse(ObservedBody.NOTHING)
                .leftOpen());
        faultFreeLeftOpen.forEach(leaked::remove);
        if (!leaked.isEmpty()) {
            summary.add(candidate, "leak");
            throw new AssertionFailedError("leak: " + title(candidate) + ": the body left open what the fault-free"
                    + " run did not: " + String.join(", ", leaked) + reproduce, thrown);
        }
        summary.add(candidate, thrown == null ? "passed" : "threw-expected");
    }

    private int indexOf(Candidate candidate) {
        List<Candidate> planned = runs();
        for (int i = 0; i < planned.size(); i++) {
            if (planned.get(i) == candidate) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a planned run: " + candidate);
    }

    /** At the end of the method: the workers taken beside the class's for runs ahead are stopped. */
    @Override
    public void close() {
        ahead.ifPresent(RunsAhead::close);
    }

    /** Where the explored runs' worker runs: the test's @RunInContainer image, else where sysfault.worker.where says. */
    private static Optional<String> workerImage(ExtensionContext context) {
        return ContainerImages.of(context).or(() -> WorkerPlacement.imageFor(context));
    }
}
