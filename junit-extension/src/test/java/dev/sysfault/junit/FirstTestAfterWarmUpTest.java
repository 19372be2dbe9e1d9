// The worker started as discovery begins warms up while it waits, and its first test sees nothing of that warm-up.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sysfault.junit.fixtures.FixtureLog;
import dev.sysfault.junit.fixtures.WarmedUpFirstTestCases;
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

class FirstTestAfterWarmUpTest {

    /**
     * Runs {@link WarmedUpFirstTestCases} as a build tool does (the launcher's listeners from META-INF/services, so
     * the worker starts as discovery begins): its plain first test passes only once the worker, idle until the
     * faulted test comes, ran the warm-up's repetition; then the faulted repetition, the first test sent to that
     * worker, counts and traces its own fsync alone. The workers get an option of their own, so that a spare
     * worker of an earlier run is not taken for one.
     */
    @Test
    void theFirstFaultedTestFindsTheWorkerWarmedUpAndSeesOnlyItsOwnCalls() throws Exception {
        Path log = Files.createTempFile("sysfault-warm-up-", ".log");
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        List<String> notes;
        String mark = UUID.randomUUID().toString();
        // Not a @TempDir: the spare worker that the class leaves behind has the same options, so it may still be
        // starting, and writing its log here, when the test ends (a JDK 21 run failed to delete the folder). The
        // build's own folder keeps them.
        Path classLogs = Files.createDirectories(Path.of("target", "worker-class-logs", mark));
        System.setProperty(FixtureLog.PROPERTY, log.toString());
        System.setProperty(FixtureLog.WORKER_MARK, mark);
        System.setProperty(WarmedUpFirstTestCases.CLASS_LOG, classLogs.toString());
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(WarmedUpFirstTestCases.class))
                    .configurationParameter("sysfault.worker.jvmOptions", "-D" + FixtureLog.WORKER_MARK + "=" + mark
                            + " -Xlog:class+load=info:file=" + classLogs.resolve("worker-%p.log"))
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
            System.clearProperty(WarmedUpFirstTestCases.CLASS_LOG);
            Files.delete(log);
        }
        assertThat(results).as(results.toString()).containsKeys("plainTestThatWaitsForTheWorkersWarmUp()",
                "repetition 1 of 1").allSatisfy((name, result) ->
                assertThat(result.getStatus()).as(name + ": " + result).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
        String faultedPid = notes.stream().filter(n -> n.startsWith("faulted ")).findFirst().orElseThrow()
                .split(" ")[1];
        assertThat(notes.get(0)).as("the worker that warmed up, against the faulted test's JVM")
                .isEqualTo("warmed-up-" + faultedPid + " " + ProcessHandle.current().pid());
    }
}
