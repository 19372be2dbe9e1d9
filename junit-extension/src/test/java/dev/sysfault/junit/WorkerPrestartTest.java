// A run whose plan holds a faulted test starts a worker at once, so the first faulted test finds it running.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sysfault.junit.fixtures.FixtureLog;
import dev.sysfault.junit.fixtures.PrestartCases;
import dev.sysfault.junit.fixtures.PrestartTemplateCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

class WorkerPrestartTest {

    @Test
    void theWorkerOfTheFirstFaultedTestStartedWithTheRun() throws Exception {
        assertWorkerStartedWithTheRun(PrestartCases.class);
    }

    @Test
    void aRepeatedFaultedTestStartsTheWorkerWithTheRunToo() throws Exception {
        // When the run begins, the plan holds the repeated test only as a container; its repetitions come later.
        assertWorkerStartedWithTheRun(PrestartTemplateCases.class);
    }

    /**
     * Runs {@code fixture}: a plain test that waits for a worker JVM to run, then {@code faulted()}, which must run in
     * that worker. A worker started only for the faulted test would start after the plain test, which waits for it in
     * vain (minutes). The run's workers get an option of their own, so that a spare worker of an earlier run is
     * not taken for one.
     */
    private static void assertWorkerStartedWithTheRun(Class<?> fixture) throws Exception {
        Path log = Files.createTempFile("sysfault-prestart-", ".log");
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        List<String> notes;
        String mark = UUID.randomUUID().toString();
        System.setProperty(FixtureLog.PROPERTY, log.toString());
        System.setProperty(FixtureLog.WORKER_MARK, mark);
        try {
            // The launcher a build tool uses: listeners of META-INF/services are registered, WorkerPrestart among them.
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                    .configurationParameter("sysfault.worker.jvmOptions", "-D" + FixtureLog.WORKER_MARK + "=" + mark)
                    .build(), new TestExecutionListener() {
                        @Override
                        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                            results.put(id.getDisplayName(), result);
                        }
                    });
            notes = Files.readAllLines(log);
        } finally {
            System.clearProperty(FixtureLog.PROPERTY);
            System.clearProperty(FixtureLog.WORKER_MARK);
            Files.delete(log);
        }
        assertThat(results).as(results.toString()).containsKey("faulted()").allSatisfy((name, result) ->
                assertThat(result.getStatus()).as(name).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
        assertThat(notes).as("what the fixture noted").hasSizeGreaterThan(1);
        String faultedPid = notes.stream().filter(n -> n.startsWith("faulted ")).findFirst().orElseThrow()
                .split(" ")[1];
        assertThat(notes.get(0)).as("the worker running during the plain test, against the faulted test's JVM")
                .startsWith("worker-running-" + faultedPid + " ");
    }
}
