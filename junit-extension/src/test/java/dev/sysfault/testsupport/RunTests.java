// Runs the tests of the given packages through the JUnit launcher, as a build tool would: for a JVM without Maven.
package dev.sysfault.testsupport;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.PackageNameFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@code java -cp ... dev.sysfault.testsupport.RunTests PACKAGE...}, run in a module's folder: the classes named
 * {@code *Test} (and their nested classes) in those packages of the module's own {@code target/test-classes}, as
 * Surefire picks them; prints the summary and each failure, and exits with 1 if a test failed or none ran.
 * {@code ci/test-parent-jdk21} runs the extension's tests with it in a container.  Only the module's own root is
 * searched: the class path also holds other modules' test classes (interceptor-native's, for its NativeBuild),
 * whose tests are not this module's.
 */
public final class RunTests {

    private RunTests() {
    }

    public static void main(String[] packages) {
        if (packages.length == 0) {
            System.err.println("usage: RunTests PACKAGE...");
            System.exit(2);
        }
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(Path.of("target/test-classes").toAbsolutePath())))
                .filters(PackageNameFilter.includePackageNames(packages),
                        ClassNameFilter.includeClassNamePatterns("^.*Test(\\$.*)?$"))
                .build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printTo(out);
        summary.printFailuresTo(out, 25);
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
