// In the worker: runs one test by its unique id through the JUnit Platform launcher and says how it ended.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.worker.internal.Messages.Outcome.Status;
import dev.sysfault.worker.internal.Messages.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Each test is a launcher execution of its own, selected by the unique id the parent gave: so the worker runs
 * exactly the invocation the parent skipped (a repetition, a parameter set, a method of a nested class); the
 * class's static {@code @BeforeAll} runs before the first of them only, its {@code @AfterAll} once the parent is
 * done ({@link ClassLifecycleInWorker}). Used on one thread only: the worker's test thread.
 */
final class TestRunner {

    private static final String AUTODETECTION = "junit.jupiter.extensions.autodetection.enabled";
    /** What registers {@link ClassLifecycleInWorker} for every test the worker runs. */
    private static final Map<String, String> CLASS_LIFECYCLE = classLifecycleParameters();
    /** By name: its test carries the extension's annotation, and this package does not depend on the extension's. */
    private static final String WARM_UP = "dev.sysfault.junit.internal.WarmUp";
    /** The segment of a template's invocation in its unique id (JUnit Jupiter's). */
    private static final String TEMPLATE_INVOCATION = "test-template-invocation";

    private Launcher launcher;

    /**
     * Autodetection for {@link ClassLifecycleInWorker} alone; nothing when the build turned autodetection on for
     * extensions of its own (a system property, which the worker gets from the parent, or
     * junit-platform.properties): then this one is among those its service file registers.
     */
    private static Map<String, String> classLifecycleParameters() {
        String enabled = System.getProperty(AUTODETECTION);
        if (enabled == null) {
            try (InputStream in = Thread.currentThread().getContextClassLoader()
                    .getResourceAsStream("junit-platform.properties")) {
                if (in != null) {
                    Properties file = new Properties();
                    file.load(in);
                    enabled = file.getProperty(AUTODETECTION);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read junit-platform.properties", e);
            }
        }
        if (enabled != null && enabled.trim().equalsIgnoreCase("true")) {
            return Map.of();
        }
        return Map.of(AUTODETECTION, "true", "junit.jupiter.extensions.autodetection.include",
                ClassLifecycleInWorker.class.getName());
    }

    /**
     * Loads what every first test needs and takes no test's time: the engines, discovery of a class, and the
     * fault language's tables (the first rule table compiles them).
     */
    void loadEngines() {
        launcher().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(WARM_UP)).build());
        RuleTable.compile(List.of(Fault.parse("acct:error=EPERM")));
    }

    /**
     * Runs {@code WarmUp}'s tests as a parent's requests run, each by its unique id, up to {@code rounds} times, and
     * stops between two tests once {@code stop} says so; their outcomes go nowhere. So the first real test does not
     * wait for JUnit's classes to load, nor for its way to a test, or to a template's invocation, to run cold.
     */
    void warmUp(int rounds, BooleanSupplier stop) {
        List<String> tests = warmUpTestIds();
        for (int round = 0; round < rounds; round++) {
            for (String test : tests) {
                if (stop.getAsBoolean()) {
                    return;
                }
                run(test);
            }
        }
    }

    /**
     * The unique ids of {@code WarmUp}'s tests as a parent sends them: a test's, and its template's first
     * invocation's (which JUnit adds to the plan only as it executes it).
     */
    List<String> warmUpTestIds() {
        TestPlan plan = launcher().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(WARM_UP)).build());
        List<String> ids = new ArrayList<>();
        plan.getRoots().stream().flatMap(root -> plan.getDescendants(root).stream())
                .filter(id -> id.getSource().filter(MethodSource.class::isInstance).isPresent())
                .forEach(id -> ids.add(id.isTest() ? id.getUniqueId()
                        : UniqueId.parse(id.getUniqueId()).append(TEMPLATE_INVOCATION, "#1").toString()));
        return ids;
    }

    private Launcher launcher() {
        if (launcher == null) {
            // Only the engines: listeners and filters that a build tool registers do not belong in a worker.
            launcher = LauncherFactory.create(LauncherConfig.builder()
                    .enableTestExecutionListenerAutoRegistration(false)
                    .enableLauncherSessionListenerAutoRegistration(false)
                    .enableLauncherDiscoveryListenerAutoRegistration(false)
                    .enablePostDiscoveryFilterAutoRegistration(false)
                    .build());
        }
        return launcher;
    }

    Outcome run(String uniqueId) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectUniqueId(uniqueId))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .configurationParameters(CLASS_LIFECYCLE)
                .build();
        Listener listener = new Listener(uniqueId);
        launcher().execute(request, listener);
        return listener.outcome();
    }

    private static final class Listener implements TestExecutionListener {
        private final String target;
        private Outcome outcome;
        private Outcome containerFailure;
        private String skipped;

        Listener(String target) {
            this.target = target;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (target.startsWith(id.getUniqueId())) {
                skipped = reason;
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.getUniqueId().equals(target)) {
                outcome = of(result);
            } else if (target.startsWith(id.getUniqueId()) && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL
                    && containerFailure == null) {
                containerFailure = of(result);   // @BeforeAll failed, a class could not be made...
            }
        }

        Outcome outcome() {
            if (outcome != null) {
                return outcome;
            }
            if (containerFailure != null) {
                return containerFailure;
            }
            if (skipped != null) {
                return new Outcome(Status.SKIPPED, null, skipped);
            }
            return new Outcome(Status.FAILED, ThrownAcross.write(new IllegalStateException("the worker JVM found no"
                    + " test " + target + " on its class path: is it the same class path as the parent's?")), null);
        }

        private static Outcome of(TestExecutionResult result) {
            byte[] thrown = result.getThrowable().map(ThrownAcross::write).orElse(null);
            return switch (result.getStatus()) {
                case SUCCESSFUL -> new Outcome(Status.PASSED, null, null);
                case ABORTED -> new Outcome(Status.ABORTED, thrown, null);
                case FAILED -> new Outcome(Status.FAILED, thrown, null);
            };
        }
    }
}
