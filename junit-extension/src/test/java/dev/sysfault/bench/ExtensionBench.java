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
 * Times a class of 20 faulted tests against the same class without the fault (medians over rounds): the run's first
 * test in a fresh JVM, as a build tool forks one (its worker starts when the test plan does); the first test of a
 * later class (its worker started ahead when the previous class let its worker go); each later test. Also, for
 * comparison, a worker started from nothing in a JVM that is already running, with and without the class archive.
 * Targets (issue 6): a first test costs at most a plain JVM's start-up + 300 ms more, by its own time and by the
 * whole JVM's (the worker's start can delay the parent before the test begins); each later test 20 ms more.
 */
public final class ExtensionBench {

    private static final int ROUNDS = 5;
    /** Enough for the worker started ahead when a class ends to be up before anything else is timed. */
    private static final long SPARE_BOOT_MILLIS = 2000;

    private ExtensionBench() {
    }

    public static void main(String[] args) throws Exception {
        // The steady state: the workers' class archive made (by the first worker's JVM, in the background).
        fresh(FaultedBenchCases.class);
        System.out.println("class archive for workers: " + waitForClassArchive());
        Launcher launcher = LauncherFactory.create();
        run(launcher, PlainBenchCases.class);   // warm this JVM's JUnit up
        System.setProperty("sysfault.worker.cds", "false");
        double coldWithoutArchive = run(launcher, FaultedBenchCases.class).get(0);
        System.clearProperty("sysfault.worker.cds");
        Thread.sleep(SPARE_BOOT_MILLIS);   // the spare left by that class is for other settings: closed unused
        double cold = run(launcher, FaultedBenchCases.class).get(0);   // a worker started from nothing
        Thread.sleep(SPARE_BOOT_MILLIS);
        List<Double> startUp = new ArrayList<>();
        List<Fresh> plainFresh = new ArrayList<>();
        List<Fresh> faultedFresh = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> laterFaulted = new ArrayList<>();
        List<Double> laterPlain = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            startUp.add(fresh(EmptyMain.class).untilPassed());
            plainFresh.add(fresh(PlainBenchCases.class));
            faultedFresh.add(fresh(FaultedBenchCases.class));
            List<Double> faulted = run(launcher, FaultedBenchCases.class);
            Thread.sleep(SPARE_BOOT_MILLIS);   // the spare's start-up must not slow the plain tests or the baseline
            List<Double> plain = run(launcher, PlainBenchCases.class);
            first.add(faulted.get(0));
            laterFaulted.add(mean(faulted.subList(1, faulted.size())));
            laterPlain.add(mean(plain.subList(1, plain.size())));
        }
        double jvm = median(startUp);
        double plainFirst = median(plainFresh.stream().map(Fresh::firstTest).toList());
        double faultedFirst = median(faultedFresh.stream().map(Fresh::firstTest).toList());
        double plainEnd = median(plainFresh.stream().map(Fresh::untilPassed).toList());
        double faultedEnd = median(faultedFresh.stream().map(Fresh::untilPassed).toList());
        double laterClass = median(first);
        double later = median(laterFaulted);
        double plain = median(laterPlain);
        System.out.printf("plain JVM start-up (java -cp ... EmptyMain): %.1f ms%n", jvm);
        System.out.printf("%-48s %9s %9s %9s %9s%n", "", "faulted", "plain", "overhead", "target");
        row("the run's first test, in a fresh JVM", faultedFirst, plainFirst, jvm + 300);
        row("  the whole JVM, from its start to that test's end", faultedEnd, plainEnd, jvm + 300);
        row("first test of a later class", laterClass, 0, jvm + 300);
        row("each later test", later, plain, 20);
        row("a worker started from nothing, in a warm JVM", cold, 0, Double.NaN);
        row("  the same, sysfault.worker.cds=false", coldWithoutArchive, 0, Double.NaN);
        boolean ok = faultedFirst - plainFirst <= jvm + 300 && faultedEnd - plainEnd <= jvm + 300
                && laterClass <= jvm + 300 && later - plain <= 20;
        System.out.println(ok ? "within targets" : "MISSED a target");
    }

    private static void row(String what, double faulted, double plain, double target) {
        System.out.printf("%-48s %6.1f ms %6.1f ms %+6.1f ms %s%n", what, faulted, plain, faulted - plain,
                Double.isNaN(target) ? "" : String.format("%+6.1f ms %s", target,
                        faulted - plain <= target ? "OK" : "MISSED"));
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

    /** A fresh JVM's milliseconds from its start until its first test passed, and that test's own. */
    private record Fresh(double untilPassed, double firstTest) {
    }

    /** Runs {@code java -cp <this class path> FirstTestInAFreshJvm cases} (or {@code EmptyMain}) and times it. */
    private static Fresh fresh(Class<?> cases) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        command.addAll(cases == EmptyMain.class ? List.of(EmptyMain.class.getName())
                : List.of(FirstTestInAFreshJvm.class.getName(), cases.getName()));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        double took = (System.nanoTime() - start) / 1e6;
        p.waitFor();
        if (line == null || !line.startsWith("passed")) {
            throw new IllegalStateException(cases.getSimpleName() + " in a fresh JVM said " + line);
        }
        String[] words = line.split(" ");
        return new Fresh(took, words.length > 1 ? Double.parseDouble(words[1]) : Double.NaN);
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
