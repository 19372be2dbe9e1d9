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

    /** Runs {@code fixture}, a 2 s plain test and then {@code faulted()}, and checks when the worker started. */
    private static void assertWorkerStartedWithTheRun(Class<?> fixture) throws Exception {
        Path log = Files.createTempFile("sysfault-prestart-", ".log");
        Map<String, Long> started = new ConcurrentHashMap<>();
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        System.setProperty(FixtureLog.PROPERTY, log.toString());
        try {
            // The launcher a build tool uses: listeners of META-INF/services are registered, WorkerPrestart among them.
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(fixture)).build(), new TestExecutionListener() {
                        @Override
                        public void executionStarted(TestIdentifier id) {
                            started.put(id.getDisplayName(), System.currentTimeMillis());
                        }

                        @Override
                        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                            results.put(id.getDisplayName(), result);
                        }
                    });
        } finally {
            System.clearProperty(FixtureLog.PROPERTY);
        }
        assertThat(results).as(results.toString()).containsKey("faulted()").allSatisfy((name, result) ->
                assertThat(result.getStatus()).as(name).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
        List<String> notes = Files.readAllLines(log);
        long workerStart = Long.parseLong(notes.get(0).split(" ")[0].replace("worker-started-at-", ""));
        // The plain test before it sleeps 2 s; a worker started only for the faulted test would start after that.
        assertThat(workerStart).as("the worker's start against the faulted test's").isLessThan(
                started.get("faulted()") - 1000);
    }
}
