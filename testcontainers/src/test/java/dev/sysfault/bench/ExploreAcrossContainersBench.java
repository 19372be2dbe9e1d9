// The exploration-across-containers benchmark: one exploration of 30 runs with its workers in 1 container and in 3.
package dev.sysfault.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sysfault.container.DockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * One JVM, one engine (the one DOCKER_HOST names): {@link ExploreBenchCases}, whose body takes about 200 ms, explored
 * with {@code sysfault.worker.containers=1} and {@code 3}, in alternating rounds, medians printed: the whole class
 * (the containers' start, the fault-free runs and the 30 runs) and the explored runs alone (from the first explored
 * invocation's start, which waits for the extra containers, to the last one's end). The outcomes must be the same
 * with 1 and 3, or the figures mean nothing.
 */
public final class ExploreAcrossContainersBench {

    private static final String IMAGE = "sysfault/debian:bookworm";
    private static final int ROUNDS = 3;

    private ExploreAcrossContainersBench() {
    }

    /** One exploration's wall times in milliseconds and its invocations' outcomes. */
    private record Measured(double wholeClass, double exploredRuns, List<String> outcomes) {
    }

    public static void main(String[] args) throws Exception {
        Launcher launcher = LauncherFactory.create();
        System.out.println("engine: " + DockerEngine.dockerHost() + (DockerEngine.isLocal() ? " (local)" : ""));
        Measured reference = run(launcher, 1);   // the files volume filled, this JVM's JUnit warmed up
        List<Double> oneWhole = new ArrayList<>();
        List<Double> oneRuns = new ArrayList<>();
        List<Double> threeWhole = new ArrayList<>();
        List<Double> threeRuns = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Measured one = run(launcher, 1);
            Measured three = run(launcher, 3);
            for (Measured m : List.of(one, three)) {
                if (!m.outcomes().equals(reference.outcomes())) {
                    throw new IllegalStateException("the outcomes differ from the first run's:\n" + m.outcomes()
                            + "\n" + reference.outcomes());
                }
            }
            oneWhole.add(one.wholeClass());
            oneRuns.add(one.exploredRuns());
            threeWhole.add(three.wholeClass());
            threeRuns.add(three.exploredRuns());
        }
        System.out.printf("%d explored runs of a body of about %d ms, medians of %d rounds%n",
                reference.outcomes().size() - 1, ExploreBenchCases.WAIT_MILLIS, ROUNDS);
        System.out.printf("%-44s %10s %10s %8s%n", "", "1 container", "3", "3 over 1");
        row("the whole class (containers' start included)", median(oneWhole), median(threeWhole));
        row("the explored runs", median(oneRuns), median(threeRuns));
    }

    private static void row(String what, double one, double three) {
        System.out.printf("%-44s %8.0f ms %7.0f ms %7.2fx%n", what, one, three, three / one);
    }

    private static Measured run(Launcher launcher, int containers) throws Exception {
        Path reports = Files.createTempDirectory("sysfault-bench-reports");
        List<String> outcomes = new ArrayList<>();
        long[] firstExplored = {0};
        long[] lastEnd = {0};
        long start = System.nanoTime();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(ExploreBenchCases.class))
                .configurationParameter("sysfault.worker.where", "container")
                .configurationParameter("sysfault.worker.image", IMAGE)
                .configurationParameter("sysfault.worker.containers", Integer.toString(containers))
                .configurationParameter("sysfault.exploration.reportDir", reports.toString()).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionStarted(TestIdentifier id) {
                        if (id.isTest() && !outcomes.isEmpty() && firstExplored[0] == 0) {
                            firstExplored[0] = System.nanoTime();
                        }
                    }

                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            outcomes.add(id.getDisplayName() + ": " + result.getStatus());
                            lastEnd[0] = System.nanoTime();
                        }
                    }
                });
        double whole = (System.nanoTime() - start) / 1e6;
        if (outcomes.size() < 2) {
            throw new IllegalStateException("the exploration made no runs: " + outcomes);
        }
        return new Measured(whole, (lastEnd[0] - firstExplored[0]) / 1e6, outcomes);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
