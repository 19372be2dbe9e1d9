// Exploration flags each deliberately wrong variant with the right outcome, and its reproduction fails the same way.
package dev.sysfault.samples.mishandled;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The runs go through the real engine (EngineTestKit), so that the build stays green while they fail. */
class MishandledVariantsTest {

    private static final String REPRODUCE = "Reproduce with: @InjectSyscallFault(spec = \"";

    @TempDir
    Path reports;

    private Events explore(Class<?> cases) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(cases))
                .configurationParameter("sysfault.exploration.reportDir", reports.toString()).execute().testEvents();
    }

    @Test
    void aSwallowedFsyncFailsTheTestsOwnAssertion() {
        explore(MishandledCases.SwallowedFsyncCases.class).assertThatEvents()
                .haveExactly(1, event(displayName("fault-free run (recorded twice)"), finishedSuccessfully()))
                .haveExactly(1, event(displayName("fsync #1 at WrongVariants.commitSwallowingFsync(WrongVariants.java:23)"
                        + " on wal.log → EIO (once)"), finishedWithFailure(
                        message(m -> m.startsWith("failed: ") && m.contains("Expecting code to raise a throwable")
                                && m.endsWith(REPRODUCE + MishandledCases.SwallowedReproducedCases.SPEC + "\")")))));
        explore(MishandledCases.SwallowedReproducedCases.class).assertThatEvents().haveExactly(1,
                event(finishedWithFailure(message(m -> m.contains("Expecting code to raise a throwable")))));
    }

    @Test
    void aCopyThatLeavesItsTargetOpenWhenAWriteFailsLeaks() {
        explore(MishandledCases.LeakingCopyCases.class).assertThatEvents()
                .haveExactly(1, event(displayName("write #1 at WrongVariants.copyLeakingOnFailedWrite("
                        + "WrongVariants.java:35) on copy.properties → ENOSPC (once)"), finishedWithFailure(
                        message(m -> m.startsWith("leak: ") && m.contains("descriptor copy.properties")
                                && m.endsWith(REPRODUCE + "write:error=ENOSPC:when=1:fd_path=**/copy.properties\")")))));
    }

    @Test
    void aLoaderThatRetriesAPersistentReadErrorHangs() {
        explore(MishandledCases.RetryingLoaderCases.class).assertThatEvents()
                .haveAtLeast(1, event(finishedWithFailure(message(m -> m.startsWith(
                        "hang: read #1 at WrongVariants.loadRetryingForever(WrongVariants.java:44) on app.properties")
                        && m.endsWith(REPRODUCE + "read:error=EIO:when=1+:fd_path=**/app.properties\")")))));
    }

    @Test
    void aLoaderThatHaltsOnAFailedOpenCrashesTheWorker() {
        explore(MishandledCases.HaltingLoaderCases.class).assertThatEvents()
                .haveExactly(1, event(displayName("openat #1 at WrongVariants.loadHaltingOnFailedOpen("
                        + "WrongVariants.java:54) on app.properties → EACCES (once)"), finishedWithFailure(
                        message(m -> m.startsWith("crash: ") && m.contains("exited with status 3")
                                && m.endsWith(REPRODUCE + "openat:error=EACCES:when=1:path=app.properties\")")))));
    }
}
