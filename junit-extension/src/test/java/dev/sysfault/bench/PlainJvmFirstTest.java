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
                            Runtime.getRuntime().halt(result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? 0 : 1);
                        }
                    }
                });
        Runtime.getRuntime().halt(2);
    }
}
