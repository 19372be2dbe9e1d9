// A worker starts as discovery begins when a selected class has a faulted test, and not for a class without one.
package dev.sysfault.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.sysfault.junit.fixtures.FixtureLog;
import dev.sysfault.junit.fixtures.DiscoveryStartCases;
import dev.sysfault.testsupport.ProcessArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Discovery here lasts until a worker runs (with a bound of minutes that only a missing worker reaches), so that what
 * the test sees does not depend on how fast a busy machine starts one; for a class without faulted tests it lasts a
 * fixed while, in which a worker started by mistake would have been seen on most runs.
 */
class WorkerDiscoveryStartTest {

    /** Longer than any machine takes to start a worker JVM. */
    private static final Duration WORKER_START_BOUND = Duration.ofMinutes(3);
    /** How long discovery takes for a class without faulted tests. */
    private static final long PLAIN_DISCOVERY_MILLIS = 1500;

    private final Map<String, List<Long>> workersAt = new ConcurrentHashMap<>();
    private final Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();

    @BeforeEach
    void noSpareWorkerOfEarlierTests() {
        SpareWorker.discard();
        Awaitility.await().atMost(WORKER_START_BOUND).until(() -> workers().isEmpty());
    }

    @Test
    void theFaultedTestRunsInTheWorkerStartedWhileDiscoveryRan() throws Exception {
        Path log = Files.createTempFile("sysfault-session-", ".log");
        List<String> notes;
        System.setProperty(FixtureLog.PROPERTY, log.toString());
        try {
            run(DiscoveryStartCases.Faulted.class, true);
            notes = Files.readAllLines(log);
        } finally {
            System.clearProperty(FixtureLog.PROPERTY);
            Files.delete(log);
        }
        assertThat(results.get("faulted()").getStatus()).as(results.toString())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(notes).hasSize(1).first().asString().startsWith("faulted ");
        long ranIn = Long.parseLong(notes.get(0).split(" ")[1]);
        assertThat(workersAt.get("discovery finished")).as("the workers when discovery finished").containsExactly(ranIn);
    }

    @Test
    void aClassWithoutFaultedTestsStartsNoWorker() {
        run(DiscoveryStartCases.Plain.class, false);
        assertThat(workersAt.get("discovery finished")).isEmpty();
        assertThat(results.get("plain()").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(workers()).isEmpty();
    }

    @Test
    void aPlanThatFiltersTheFaultedTestOutClosesTheWorkerStartedForIt() {
        run(DiscoveryStartCases.Faulted.class, true, "no-such-tag");
        assertThat(workersAt.get("discovery finished")).hasSize(1);
        assertThat(results).doesNotContainKey("faulted()");
        Awaitility.await().atMost(WORKER_START_BOUND).until(() -> workers().isEmpty());
    }

    @Test
    void theUnfaultedMethodOfAFaultedClassSelectedAloneLeavesNoWorker() {
        // its class file names the fault, so a worker starts as discovery begins; the plan without faults closes it
        run(selectMethod(DiscoveryStartCases.Mixed.class, "plain"), true);
        assertThat(workersAt.get("discovery finished")).hasSize(1);
        assertThat(results.get("plain()").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        Awaitility.await().atMost(WORKER_START_BOUND).until(() -> workers().isEmpty());
    }

    private void run(Class<?> fixture, boolean workerExpected, String... tags) {
        run(selectClass(fixture), workerExpected, tags);
    }

    /**
     * Runs {@code fixture} as a build tool would (listeners of META-INF/services registered), its discovery held
     * after the launcher's listeners heard it begin (until a worker runs if {@code workerExpected}, else for a
     * while), and only the tests of {@code tags} if any are given.
     */
    private void run(DiscoverySelector fixture, boolean workerExpected, String... tags) {
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(fixture);
        if (tags.length > 0) {
            builder.filters(TagFilter.includeTags(tags));
        }
        LauncherDiscoveryRequest request = builder.listeners(new LauncherDiscoveryListener() {
                    @Override
                    public void engineDiscoveryStarted(UniqueId engine) {
                        if (workerExpected) {
                            // a worker started only with the plan would never come, and the wait fail
                            Awaitility.await().atMost(WORKER_START_BOUND).until(() -> !workers().isEmpty());
                            return;
                        }
                        try {
                            Thread.sleep(PLAIN_DISCOVERY_MILLIS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }

                    @Override
                    public void launcherDiscoveryFinished(LauncherDiscoveryRequest request) {
                        workersAt.put("discovery finished", workers().stream().map(ProcessHandle::pid).toList());
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
        return ProcessHandle.current().children()
                .filter(p -> ProcessArguments.of(p).contains(WorkerMain.class.getName())).toList();
    }
}
