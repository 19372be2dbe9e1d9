// A worker starts as discovery begins when a selected class has a faulted test, and not for a class without one.
package dev.sysfault.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sysfault.junit.fixtures.FixtureLog;
import dev.sysfault.junit.fixtures.DiscoveryStartCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

class WorkerDiscoveryStartTest {

    /** How much longer discovery takes here: a worker started only with the plan would start after it. */
    private static final long SLOW_DISCOVERY_MILLIS = 1500;

    private final Map<String, Long> at = new ConcurrentHashMap<>();
    private final Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();

    @BeforeEach
    void noSpareWorkerOfEarlierTests() {
        SpareWorker.discard();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> workers().isEmpty());
    }

    @Test
    void theFaultedTestRunsInTheWorkerStartedWhileDiscoveryRan() throws Exception {
        Path log = Files.createTempFile("sysfault-session-", ".log");
        System.setProperty(FixtureLog.PROPERTY, log.toString());
        try {
            run(DiscoveryStartCases.Faulted.class);
        } finally {
            System.clearProperty(FixtureLog.PROPERTY);
        }
        assertThat(results.get("faulted()").getStatus()).as(results.toString())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        long workerStart = Long.parseLong(Files.readAllLines(log).get(0).split(" ")[0]
                .replace("worker-started-at-", ""));
        assertThat(workerStart).as("the worker's start against the end of discovery")
                .isLessThan(at.get("discovery finished") - SLOW_DISCOVERY_MILLIS / 2);
    }

    @Test
    void aClassWithoutFaultedTestsStartsNoWorker() {
        run(DiscoveryStartCases.Plain.class);
        assertThat(at).containsKey("workers when discovery finished: 0");
        assertThat(results.get("plain()").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(workers()).isEmpty();
    }

    @Test
    void aPlanThatFiltersTheFaultedTestOutClosesTheWorkerStartedForIt() {
        run(DiscoveryStartCases.Faulted.class, "no-such-tag");
        assertThat(at).containsKey("workers when discovery finished: 1");
        assertThat(results).doesNotContainKey("faulted()");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> workers().isEmpty());
    }

    /**
     * Runs {@code fixture} as a build tool would (listeners of META-INF/services registered), its discovery slowed
     * after the launcher's listeners heard it begin, and only the tests of {@code tags} if any are given.
     */
    private void run(Class<?> fixture, String... tags) {
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture));
        if (tags.length > 0) {
            builder.filters(TagFilter.includeTags(tags));
        }
        LauncherDiscoveryRequest request = builder.listeners(new LauncherDiscoveryListener() {
                    @Override
                    public void engineDiscoveryStarted(UniqueId engine) {
                        try {
                            Thread.sleep(SLOW_DISCOVERY_MILLIS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }

                    @Override
                    public void launcherDiscoveryFinished(LauncherDiscoveryRequest request) {
                        at.put("discovery finished", System.currentTimeMillis());
                        at.put("workers when discovery finished: " + workers().size(), System.currentTimeMillis());
                    }
                }).build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                results.put(id.getDisplayName(), result);
            }
        });
    }

    /** The worker JVMs this JVM started that are still running. */
    private static List<ProcessHandle> workers() {
        return ProcessHandle.current().children().filter(p -> p.info().arguments().map(List::of)
                .orElse(List.of()).contains(WorkerMain.class.getName())).toList();
    }
}
