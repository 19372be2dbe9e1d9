// The exploration benchmark: an explored run of a 5 ms test beside the test's own time, and 300 runs' wall time.
package dev.sysfault.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Targets (issue 15): an explored run costs at most the body's own time + 15 ms (the body's own time is the
 * median of the same body as a plain {@code @RepeatedTest}, as JUnit times each test, in the same JVM and run), and
 * 300 runs of a 5 ms test take under 10 s on 2 cores (from the first faulted run's start to the last one's end; the
 * fault-free recording and the worker's start are printed apart). Each figure is the median of a few rounds,
 * printed with the load average.
 */
public final class ExplorationBench {

    static final int RUNS = 300;
    static final int PLAIN_RUNS = 50;
    private static final int ROUNDS = 3;

    private ExplorationBench() {
    }

    private record Timed(List<Double> tests, double firstMillis, double restWallMillis) {
    }

    public static void main(String[] args) throws Exception {
        Launcher launcher = LauncherFactory.create();
        run(launcher, PlainFiveMillisecondCases.class);   // warm this JVM's JUnit up
        List<Double> own = new ArrayList<>();
        List<Double> explored = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        List<Double> faultFree = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            own.add(median(run(launcher, PlainFiveMillisecondCases.class).tests()));
            Timed e = run(launcher, ExploredBenchCases.class);
            if (e.tests().size() != RUNS + 1) {
                throw new IllegalStateException("the exploration made " + (e.tests().size() - 1) + " faulted runs,"
                        + " not " + RUNS);
            }
            explored.add(median(e.tests().subList(1, e.tests().size())));
            wall.add(e.restWallMillis());
            faultFree.add(e.firstMillis());
        }
        double body = median(own);
        double run = median(explored);
        System.out.printf("load average: %s", Files.readString(Path.of("/proc/loadavg")));
        System.out.printf("the body's own time (plain @RepeatedTest, median): %.1f ms%n", body);
        System.out.printf("an explored run (median of %d): %.1f ms, %+.1f ms over the body (target +15 ms) %s%n",
                RUNS, run, run - body, run - body <= 15 ? "OK" : "MISSED");
        System.out.printf("%d explored runs: %.2f s (target under 10 s) %s%n", RUNS, median(wall) / 1000,
                median(wall) <= 10_000 ? "OK" : "MISSED");
        System.out.printf("  not in it: the fault-free invocation (worker start, two recordings): %.0f ms%n",
                median(faultFree));
    }

    private static Timed run(Launcher launcher, Class<?> cases) {
        Map<String, Long> started = new HashMap<>();
        List<Double> took = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        long[] window = new long[2];
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(cases))
                .configurationParameter("sysfault.exploration.reportDir", "target/sysfault/bench").build(),
                new TestExecutionListener() {
                    @Override
                    public void executionStarted(TestIdentifier id) {
                        started.put(id.getUniqueId(), System.nanoTime());
                        if (id.isTest() && took.size() == 1) {
                            window[0] = System.nanoTime();   // the first faulted run starts
                        }
                    }

                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                            failed.add(id.getDisplayName() + ": " + result);
                        }
                        if (id.isTest()) {
                            took.add((System.nanoTime() - started.get(id.getUniqueId())) / 1e6);
                            window[1] = System.nanoTime();
                        }
                    }
                });
        if (!failed.isEmpty()) {
            throw new IllegalStateException(cases.getSimpleName() + " did not pass: " + failed);
        }
        return new Timed(took, took.get(0), (window[1] - window[0]) / 1e6);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
