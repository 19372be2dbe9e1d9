// A baseline of the extension benchmark: a fresh JVM that runs the first of PlainBenchCases' tests through the
// JUnit launcher, as a worker does for a faulted one, and exits.
package dev.sysfault.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

public final class PlainJvmFirstTest {

    private PlainJvmFirstTest() {
    }

    public static void main(String[] args) {
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(PlainBenchCases.class)).build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            // ExtensionBench times the JVM up to this line; then it exits (and closes its workers)
                            System.out.println(result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? "passed"
                                    : "failed: " + result);
                            System.out.flush();
                            System.exit(0);
                        }
                    }
                });
        System.out.println("failed: no test ran");
    }
}
