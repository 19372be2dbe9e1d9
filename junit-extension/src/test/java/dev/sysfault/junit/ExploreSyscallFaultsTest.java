// @ExploreSyscallFaults through the real engine: right code comes out clean, each wrong variant is flagged as what it is.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.junit.fixtures.ExploreCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

class ExploreSyscallFaultsTest {

    private static final String REPRODUCE = "Reproduce with: @InjectSyscallFault(spec = \"";

    @TempDir
    Path reports;

    private EngineExecutionResults explore(Class<?> fixture) {
        return FixtureRun.of(Map.of("sysfault.exploration.reportDir", reports.toString()), fixture).results();
    }

    @Test
    void rightCodeComesOutCleanAndEveryPointIsTried() throws IOException {
        EngineExecutionResults results = explore(ExploreCases.Clean.class);
        List<Event> finished = results.testEvents().finished().list();
        assertThat(results.testEvents().failed().list()).as("no false alarm").isEmpty();
        assertThat(finished.get(0).getTestDescriptor().getDisplayName()).isEqualTo("fault-free run (recorded twice)");
        assertThat(finished).extracting(e -> e.getTestDescriptor().getDisplayName())
                .contains("openat #1 at SavedFile.save(SavedFile.java:20) on saved.dat → EACCES (once)",
                        "fsync #1 at SavedFile.save(SavedFile.java:22) on saved.dat → EIO (from-then-on)",
                        "write #1 at SavedFile.save(SavedFile.java:21) on saved.dat → short (once)",
                        "close #1 at SavedFile.save(SavedFile.java:23) on saved.dat → EIO (once)");
        String report = Files.readString(reports.resolve(ExploreCases.Clean.class.getName() + ".save.md"));
        assertThat(report).contains("| fsync at SavedFile.save(SavedFile.java:22) on **/saved.dat |")
                .doesNotContain("**failed**", "**leak**");
    }

    @Test
    void aSwallowedFsyncFailsTheTestsOwnAssertionAndThePastedAnnotationReproducesIt() {
        EngineExecutionResults results = explore(ExploreCases.SwallowedFsync.class);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        String spec = "fsync:error=EIO:when=1:fd_path=**/saved.dat";
        results.testEvents().assertThatEvents().haveExactly(1, event(displayName(
                "fsync #1 at SavedFile.saveSwallowingFsync(SavedFile.java:31) on saved.dat → EIO (once)"),
                finishedWithFailure(message(m -> m.startsWith(
                        "failed: fsync #1 at SavedFile.saveSwallowingFsync(SavedFile.java:31) on saved.dat → EIO (once): ")
                        && m.contains("Expecting code to raise a throwable")
                        && m.endsWith(REPRODUCE + spec + "\")")))));
        EngineExecutionResults pasted = FixtureRun.of(ExploreCases.SwallowedFsyncReproduced.class).results();
        pasted.testEvents().assertThatEvents().haveExactly(1,
                event(finishedWithFailure(message(m -> m.contains("Expecting code to raise a throwable")))));
    }

    @Test
    void aDescriptorLeftOpenByAFailedWriteIsALeak() {
        EngineExecutionResults results = explore(ExploreCases.LeakOnFailedWrite.class);
        results.testEvents().assertThatEvents().haveExactly(1, event(displayName(
                "write #1 at SavedFile.saveLeakingOnFailure(SavedFile.java:42) on saved.dat → ENOSPC (once)"),
                finishedWithFailure(message(m -> m.startsWith("leak: ") && m.contains("descriptor saved.dat")
                        && m.endsWith(REPRODUCE + "write:error=ENOSPC:when=1:fd_path=**/saved.dat\")")))));
    }

    @Test
    void aReadRetriedForeverIsAHang() {
        EngineExecutionResults results = explore(ExploreCases.HangOnPersistentReadError.class);
        results.testEvents().assertThatEvents().haveAtLeast(1, event(finishedWithFailure(message(m -> m.startsWith("hang: read #")
                && m.contains("EIO (from-then-on)") && m.contains(REPRODUCE + "read:error=EIO:when=")))))
                .haveExactly(1, event(displayName("fault-free run (recorded twice)"), finishedSuccessfully()));
    }

    @Test
    void aFailedOpenThatEndsTheWorkerIsACrash() {
        EngineExecutionResults results = explore(ExploreCases.CrashOnFailedOpen.class);
        results.testEvents().assertStatistics(s -> s.started(3).succeeded(2).failed(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(displayName(
                "openat #1 at SavedFile.readHaltingOnFailure(SavedFile.java:59) on saved.dat → EACCES (once)"),
                finishedWithFailure(message(m -> m.startsWith("crash: ") && m.contains("exited with status 3")
                        && m.endsWith(REPRODUCE + "openat:error=EACCES:when=2:path=saved.dat\")")))));
    }

    @Test
    void anExceptionOutsideExpectFailsTheRunAndTheOutcomesAreReportEntries() {
        EngineExecutionResults results = explore(ExploreCases.OutsideExpect.class);
        results.testEvents().assertThatEvents().haveExactly(1, event(displayName(
                "write #1 at SavedFile.save(SavedFile.java:21) on saved.dat → EIO (once)"), finishedWithFailure(message(
                        m -> m.startsWith("unexpected: write #1 at SavedFile.save(SavedFile.java:21) on saved.dat → EIO"
                        + " (once): the body"
                        + " threw an exception outside expect: java.io.IOException: Input/output error")))));
        assertThat(results.allEvents().reportingEntryPublished().stream()
                .flatMap(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).stream())
                .flatMap(r -> r.getKeyValuePairs().entrySet().stream()).map(Object::toString))
                .contains("sysfault.exploration=1 failure points, 1 runs", "sysfault.exploration.outcomes={unexpected=1}");
    }

    @Test
    void aMisspelledSyscallIsAConfigurationErrorNamingTheElement() {
        explore(ExploreCases.MisspelledSyscall.class).containerEvents().assertThatEvents().haveExactly(1,
                event(finishedWithFailure(message("@ExploreSyscallFaults(syscalls) cannot work: \"fsyncc\" is no"
                        + " syscall this machine knows (did you mean fsync, msync, sync?)"))));
    }

    @Test
    void aFaultFreeRunThatFailsIsTheOnlyInvocationAndTheReportSaysSo() throws IOException {
        EngineExecutionResults results = explore(ExploreCases.FailsWithoutFaults.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(displayName("fault-free run (recorded twice)"),
                finishedWithFailure(message("broken before any fault"))));
        assertThat(Files.readString(reports.resolve(ExploreCases.FailsWithoutFaults.class.getName() + ".broken.md")))
                .contains("The fault-free run failed, so nothing was explored: java.lang.AssertionError: broken");
    }
}
