// @ExploreSyscallFaults names points by Java call site: the first frame of code under test, each site its own point.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;

import dev.sysfault.junit.fixtures.ExploreSiteCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class ExploreCallSitesTest {

    @TempDir
    Path reports;

    private EngineExecutionResults explore(Class<?> fixture) {
        return FixtureRun.of(Map.of("sysfault.exploration.reportDir", reports.toString()), fixture).results();
    }

    private static List<String> names(EngineExecutionResults results) {
        return results.testEvents().finished().list().stream().map(e -> e.getTestDescriptor().getDisplayName())
                .toList();
    }

    @Test
    void writesFromTwoMethodsAndTheTestItselfAreAPointEachAndJdkFramesAreSkipped() throws IOException {
        EngineExecutionResults results = explore(ExploreSiteCases.Sites.class);
        List<String> names = names(results);
        assertThat(names).filteredOn(n -> n.contains("journal.dat")).containsExactlyInAnyOrder(
                "write #1 at Journal.header(Journal.java:17) on journal.dat → EIO (once)",
                "write #1 at Journal.record(Journal.java:21) on journal.dat → EIO (once)",
                "write #2 at Journal.record(Journal.java:21) on journal.dat → EIO (once)",
                "write #3 at Journal.record(Journal.java:21) on journal.dat → EIO (once)",
                "write #1 at ExploreSiteCases.writeJournal(ExploreSiteCases.java:33) on journal.dat → EIO (once)");
        // Files.write is the JDK's: its caller, the test's body, is the site
        assertThat(names).contains("write #1 at ExploreSiteCases$Sites.save(ExploreSiteCases.java:45) on notes.txt"
                + " → EIO (once)");
        // each run arms the file's when= of its site's call: the 2nd record is the file's 3rd write
        assertThat(reproduced(results, "write #2 at Journal.record(Journal.java:21) on journal.dat → EIO (once)"))
                .isEqualTo("write:error=EIO:when=3:fd_path=**/journal.dat");
        assertThat(reproduced(results, "write #1 at Journal.header(Journal.java:17) on journal.dat → EIO (once)"))
                .isEqualTo("write:error=EIO:when=1:fd_path=**/journal.dat");
        assertThat(reproduced(results, "write #1 at ExploreSiteCases.writeJournal(ExploreSiteCases.java:33) on"
                + " journal.dat → EIO (once)")).isEqualTo("write:error=EIO:when=5:fd_path=**/journal.dat");
        String report = Files.readString(reports.resolve(ExploreSiteCases.Sites.class.getName() + ".save.md"));
        assertThat(report).contains("| write at Journal.record(Journal.java:21) on **/journal.dat |",
                "| write at Journal.header(Journal.java:17) on **/journal.dat |");
    }

    /** The SPEC at the end of the failed run's message. */
    private static String reproduced(EngineExecutionResults results, String name) {
        String message = results.testEvents().failed().list().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals(name)).findFirst()
                .flatMap(e -> e.getPayload(TestExecutionResult.class)).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElseThrow(() -> new AssertionError("no failed run " + name));
        assertThat(message).startsWith("unexpected: " + name + ": ");
        return message.replaceAll("(?s).*Reproduce with: @InjectSyscallFault\\(spec = \"(.*)\"\\)$", "$1");
    }

    @Test
    void theSpecOfASitesSecondCallFailsThatCall() {
        EngineExecutionResults results = FixtureRun.of(ExploreSiteCases.SecondRecordReproduced.class).results();
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void syscallsThatCannotBePointsRecordWithoutPausingAndExploreNothing() {
        EngineExecutionResults results = explore(ExploreSiteCases.NoPointSyscalls.class);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void aBodyThatStartsAThreadAndAChildProcessIsRecordedWithTheThreadsSite() {
        EngineExecutionResults results = explore(ExploreSiteCases.ThreadsAndChildren.class);
        assertThat(names(results)).first().isEqualTo("fault-free run (recorded twice)");
        assertThat(names(results)).anyMatch(n -> n.matches(
                "write #1 at ExploreSiteCases\\$ThreadsAndChildren\\.lambda\\$save\\$0\\(ExploreSiteCases\\.java:\\d+\\)"
                        + " on from-thread\\.txt → EIO \\(once\\)"));
        results.testEvents().assertThatEvents().haveExactly(1, event(
                displayName("fault-free run (recorded twice)"), finishedSuccessfully()));
    }
}
