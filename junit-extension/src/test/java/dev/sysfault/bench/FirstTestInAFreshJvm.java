// For the extension benchmark: a fresh JVM, as a build tool forks one, that runs the first test of the class named
// by its argument (PlainBenchCases, or FaultedBenchCases, which needs a worker) and says how long that test took.
package dev.sysfault.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

public final class FirstTestInAFreshJvm {

    private FirstTestInAFreshJvm() {
    }

    public static void main(String[] args) {
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(args[0])).build(), new TestExecutionListener() {
                    private long started;

                    @Override
                    public void executionStarted(TestIdentifier id) {
                        started = System.nanoTime();
                    }

                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            // ExtensionBench times the JVM up to this line; then it exits (and closes its workers).
                            // It also reads how long the test itself took, as JUnit reports it.
                            System.out.println(result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                                    ? "passed " + (System.nanoTime() - started) / 1e6 : "failed: " + result);
                            System.out.flush();
                            System.exit(0);
                        }
                    }
                });
        System.out.println("failed: no test ran");
    }
}
