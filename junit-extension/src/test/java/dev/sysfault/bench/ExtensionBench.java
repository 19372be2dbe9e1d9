// The JUnit extension's benchmark: a class of 20 faulted tests against the same tests without faults.
package dev.sysfault.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sysfault.run.NativeLibrary;
import dev.sysfault.worker.ArchiveMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Prints the first faulted test of the run (a worker JVM started from nothing) and, as medians over rounds, the
 * first faulted test of a later class (the worker started ahead when the previous class let its worker go) against
 * a plain JVM's start-up, and the cost of each later faulted test against the same test run without faults.
 * Targets (issue 6): first ≤ JVM start-up + 300 ms; later tests ≤ +20 ms each.
 */
public final class ExtensionBench {

    private static final int ROUNDS = 5;
    /** Enough for the worker started ahead when a class ends to be up before anything else is timed. */
    private static final long SPARE_BOOT_MILLIS = 2000;

    private ExtensionBench() {
    }

    public static void main(String[] args) throws Exception {
        // The steady state: the workers' class archive made (by the first worker's JVM, in the background).
        jvmStartUp(FirstTestInAFreshJvm.class, FaultedBenchCases.class.getName());
        System.out.println("class archive for workers: " + waitForClassArchive());
        Launcher launcher = LauncherFactory.create();
        run(launcher, PlainBenchCases.class);   // warm this JVM's JUnit up
        System.setProperty("sysfault.worker.cds", "false");
        double coldWithoutArchive = run(launcher, FaultedBenchCases.class).get(0);
        System.clearProperty("sysfault.worker.cds");
        Thread.sleep(SPARE_BOOT_MILLIS);   // the spare left by that class is for other settings: closed unused
        double cold = run(launcher, FaultedBenchCases.class).get(0);   // no worker started ahead: a JVM from scratch
        Thread.sleep(SPARE_BOOT_MILLIS);
        List<Double> startUp = new ArrayList<>();
        List<Double> startUpWithJUnit = new ArrayList<>();
        List<Double> freshFaulted = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> laterFaulted = new ArrayList<>();
        List<Double> laterPlain = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            startUp.add(jvmStartUp(EmptyMain.class));
            startUpWithJUnit.add(jvmStartUp(FirstTestInAFreshJvm.class, PlainBenchCases.class.getName()));
            freshFaulted.add(jvmStartUp(FirstTestInAFreshJvm.class, FaultedBenchCases.class.getName()));
            List<Double> faulted = run(launcher, FaultedBenchCases.class);
            Thread.sleep(SPARE_BOOT_MILLIS);   // the spare's start-up must not slow the plain tests or the baseline
            List<Double> plain = run(launcher, PlainBenchCases.class);
            first.add(faulted.get(0));
            laterFaulted.add(mean(faulted.subList(1, faulted.size())));
            laterPlain.add(mean(plain.subList(1, plain.size())));
        }
        double jvm = median(startUp);
        double jvmWithJUnit = median(startUpWithJUnit);
        double fresh = median(freshFaulted);
        double firstTest = median(first);
        double later = median(laterFaulted);
        double plain = median(laterPlain);
        System.out.printf("%-44s %9s %9s %9s%n", "", "measured", "baseline", "target");
        System.out.printf("%-44s %7.1f ms %6.1f ms  +%.0f ms%n", "first faulted test, the run's first worker",
                cold, jvm, 300.0);
        System.out.printf("%-44s %7.1f ms %6.1f ms  +%.0f ms   (baseline: a JVM that runs the plain first test)%n",
                "  the same, against a JVM running JUnit", cold, jvmWithJUnit, 300.0);
        System.out.printf("%-44s %7.1f ms %6.1f ms           (sysfault.worker.cds=false)%n",
                "  the same, without the class archive", coldWithoutArchive, jvmWithJUnit);
        System.out.printf("%-44s %7.1f ms %6.1f ms           (a fresh JVM to its first test's end)%n",
                "a fresh JVM whose first test is faulted", fresh, jvmWithJUnit);
        System.out.printf("%-44s %7.1f ms %6.1f ms  +%.0f ms%n", "first faulted test of a later class", firstTest,
                jvm, 300.0);
        System.out.printf("%-44s %7.1f ms %6.1f ms  +%.0f ms%n", "each later faulted test", later, plain, 20.0);
        System.out.printf("%-44s %+7.1f ms  (%.2fx JVM start-up)%n", "run's first test over a plain JVM start-up",
                cold - jvm, cold / jvm);
        System.out.printf("%-44s %+7.1f ms  (%.2fx JVM start-up)%n", "later class's first test over it",
                firstTest - jvm, firstTest / jvm);
        System.out.printf("%-44s %+7.1f ms  (%.2fx the plain test)%n", "later test over the same test without faults",
                later - plain, later / plain);
        boolean ok = cold - jvm <= 300 && firstTest - jvm <= 300 && later - plain <= 20;
        System.out.println(ok ? "within targets" : "MISSED a target");
    }

    /** Waits while a JVM makes a workers' class archive (ClassArchive); says whether there is one. */
    private static String waitForClassArchive() throws Exception {
        Path cds = NativeLibrary.defaultCacheDirectory().resolve("cds");
        for (int waited = 0; waited < 120; waited++) {
            try (Stream<Path> making = Files.exists(cds) ? Files.find(cds, 2,
                    (p, a) -> p.getFileName().toString().equals(ArchiveMain.LOCK)) : Stream.empty()) {
                if (making.findAny().isEmpty()) {
                    break;
                }
            }
            Thread.sleep(1000);
        }
        try (Stream<Path> archives = Files.exists(cds) ? Files.find(cds, 2,
                (p, a) -> p.getFileName().toString().equals(ArchiveMain.ARCHIVE)) : Stream.empty()) {
            return archives.count() > 0 ? "made" : "none (see " + cds + "/*/dump.log)";
        }
    }

    /** Milliseconds from starting {@code java -cp <this class path> main args} until it prints "passed". */
    private static double jvmStartUp(Class<?> main, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long start = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        double took = (System.nanoTime() - start) / 1e6;
        p.waitFor();
        if (!"passed".equals(line)) {
            throw new IllegalStateException(main.getSimpleName() + " " + List.of(args) + " said " + line);
        }
        return took;
    }

    /** Each test's milliseconds from started to finished, in order; every test must pass. */
    private static List<Double> run(Launcher launcher, Class<?> cases) {
        Map<String, Long> started = new HashMap<>();
        List<Double> took = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(cases)).build(),
                new TestExecutionListener() {
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
        if (!failed.isEmpty()) {
            throw new IllegalStateException(cases.getSimpleName() + " did not pass: " + failed);
        }
        if (took.size() != 20) {
            throw new IllegalStateException(cases.getSimpleName() + " ran " + took.size() + " tests, not 20");
        }
        return took;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
