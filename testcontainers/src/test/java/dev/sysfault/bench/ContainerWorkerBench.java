// The container workers' benchmark: faulted tests in a worker on this machine and in a container on the engine.
package dev.sysfault.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sysfault.container.DockerEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.testcontainers.DockerClientFactory;

/**
 * One JVM, one engine (the one DOCKER_HOST names): the same class of 20 faulted tests with its worker here
 * ({@code sysfault.worker.where=host}) and in a container ({@code container}, in {@value #IMAGE}), in rounds, medians
 * printed. The container's first test of the run copies the class path and the library into an empty volume of
 * its own ({@code sysfault.worker.filesVolume}, removed at the end); each later class's first test starts a new
 * container whose files are all there (cache hits). Issue 19's target: a later faulted test in a container worker
 * costs at most twice what it costs in a worker here, both measured in this run.
 */
public final class ContainerWorkerBench {

    private static final String IMAGE = "sysfault/debian:bookworm";
    private static final int ROUNDS = 5;
    private static final double TARGET = 2.0;

    private ContainerWorkerBench() {
    }

    public static void main(String[] args) throws Exception {
        String volume = "sysfault-bench-" + UUID.randomUUID();
        System.setProperty("sysfault.worker.filesVolume", volume);
        Launcher launcher = LauncherFactory.create();
        try {
            System.out.println("engine: " + DockerEngine.dockerHost() + (DockerEngine.isLocal() ? " (local)" : ""));
            List<Double> copying = run(launcher, "container");
            List<Double> hostFirst = new ArrayList<>();
            List<Double> hostLater = new ArrayList<>();
            List<Double> containerFirst = new ArrayList<>();
            List<Double> containerLater = new ArrayList<>();
            run(launcher, "host");   // this JVM's JUnit and the host's worker warmed up
            for (int round = 0; round < ROUNDS; round++) {
                List<Double> host = run(launcher, "host");
                List<Double> container = run(launcher, "container");
                hostFirst.add(host.get(0));
                hostLater.add(median(host.subList(1, host.size())));
                containerFirst.add(container.get(0));
                containerLater.add(median(container.subList(1, container.size())));
            }
            double later = median(containerLater);
            double hostTest = median(hostLater);
            System.out.printf("%-56s %9s%n", "", "median");
            row("first faulted test, host worker (class's first)", median(hostFirst));
            row("each later faulted test, host worker", hostTest);
            row("first faulted test, container worker, copying in", copying.get(0));
            row("first faulted test, container worker, cache hit", median(containerFirst));
            row("each later faulted test, container worker", later);
            System.out.printf("%-56s %6.2fx  target %.1fx %s%n", "later test: container over host", later / hostTest,
                    TARGET, later / hostTest <= TARGET ? "OK" : "MISSED");
        } finally {
            try {
                DockerClientFactory.instance().client().removeVolumeCmd(volume).exec();
            } catch (RuntimeException inUseOrGone) {
                System.out.println("the volume " + volume + " was not removed: " + inUseOrGone.getMessage());
            }
        }
    }

    private static void row(String what, double millis) {
        System.out.printf("%-56s %6.1f ms%n", what, millis);
    }

    /** Each test's milliseconds from started to finished, in order, with the worker where {@code where} says. */
    private static List<Double> run(Launcher launcher, String where) {
        Map<String, Long> started = new HashMap<>();
        List<Double> took = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(ContainerBenchCases.class))
                .configurationParameter("sysfault.worker.where", where)
                .configurationParameter("sysfault.worker.image", IMAGE).build(), new TestExecutionListener() {
                    @Override
                    public void executionStarted(TestIdentifier id) {
                        started.put(id.getUniqueId(), System.nanoTime());
                    }

                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                            failed.add(id.getDisplayName() + ": " + result);
                        }
                        if (id.isTest()) {
                            took.add((System.nanoTime() - started.get(id.getUniqueId())) / 1e6);
                        }
                    }
                });
        if (!failed.isEmpty() || took.isEmpty()) {
            throw new IllegalStateException("the faulted tests with sysfault.worker.where=" + where
                    + " did not pass: " + failed);
        }
        return took;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
