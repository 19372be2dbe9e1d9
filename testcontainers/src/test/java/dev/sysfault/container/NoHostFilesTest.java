// Workers in containers need no file of this machine: class path and library copied in, counters and calls sent back.
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.container.fixtures.NoHostFilesCases;
import dev.sysfault.worker.WorkerCrashException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/**
 * Runs on both engines ({@code ci/test}); on the rig ({@code ci/docker-engine-remote}), where a mounted folder of
 * this machine shows empty, it proves that a worker needs nothing of this machine but the engine's port and the
 * published one.
 */
@RequiresDocker
class NoHostFilesTest {

    private static final String IMAGE = "sysfault/debian:bookworm";

    @Test
    void aWorkerInAContainerRunsFiresCountsAndCrashesAsOnTheHost() throws Exception {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");
        Path hostFolder = Path.of("target", "test-classes").toAbsolutePath();
        assertThat(Files.list(hostFolder).findAny()).as("a folder of this machine, not empty").isPresent();

        Events events;
        System.setProperty(NoHostFilesCases.HOST_FOLDER, hostFolder.toString());   // the worker gets it as a -D
        try {
            events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NoHostFilesCases.class)).execute()
                    .testEvents();
        } finally {
            System.clearProperty(NoHostFilesCases.HOST_FOLDER);
        }

        events.assertStatistics(s -> s.started(5).succeeded(3).failed(2));
        events.assertThatEvents()
                .haveExactly(1, event(test("seesNoFileOfThisMachine"), finishedSuccessfully()))
                .haveExactly(1, event(test("firesItsFault"), finishedSuccessfully()))
                .haveExactly(1, event(test("neverReachesItsFault"), finishedWithFailure(
                        instanceOf(AssertionFailedError.class), message(m -> m.contains("never fired: it matched 2"
                                + " calls but fired 0 times (when=5 was never reached). The body made fsync ×2 on ")
                                && m.contains("synced-twice")))))
                .haveExactly(1, event(test("killedInFsync"), finishedWithFailure(
                        instanceOf(WorkerCrashException.class), message(m -> m.contains("was killed by SIGKILL")
                                && lastCall(m).startsWith("fsync(") && lastCall(m).endsWith(" <unfinished ...>")
                                && m.contains("@InjectSyscallFault(syscall = \"fsync\", signal = \"SIGKILL\")")
                                && m.contains(": matched 1 call, fired 1 time")))))
                .haveExactly(1, event(test("runsInANewWorkerAfterTheCrash"), finishedSuccessfully()));
    }

    /** The last of the calls a crash report lists, without its pid prefix. */
    private static String lastCall(String report) {
        int from = report.indexOf(" recorded:\n");
        String last = "";
        if (from >= 0) {
            for (String line : report.substring(from + " recorded:\n".length()).split("\n")) {
                if (!line.startsWith("  ")) {
                    break;
                }
                last = line.strip().replaceFirst("^\\[pid +\\d+\\] ", "");
            }
        }
        return last;
    }
}
