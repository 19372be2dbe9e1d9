// Exploration of real commands: what the two fault-free recordings make of a program that does not repeat itself.
package dev.sysfault.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandExplorationTest {

    /** Only a real hang reaches it, and these programs have none: the verdicts keep no margin of time. */
    private static final Optional<Duration> GENEROUS = Optional.of(Duration.ofSeconds(60));

    @TempDir
    Path dir;

    /** Opens "out" once in one run and twice in the next: a marker file flips between them. */
    private static final List<String> FLIPPING = List.of("sh", "-c",
            "if [ -e flip ]; then rm flip; echo a > out; echo b >> out; else touch flip; echo a > out; fi");

    @Test
    void aPointTheTwoRecordingsMadeDifferentlyIsNondeterministicAndExploredByItsFileOnly() {
        PlanSettings openingOut = new PlanSettings(Optional.of(Set.of("openat")), Optional.of(Set.of(Errno.EACCES)),
                false, EnumSet.allOf(Mode.class), 500, 0);

        ExplorationReport report = new CommandExploration(FLIPPING, dir, openingOut, GENEROUS)
                .explore((done, planned, findings, elapsed) -> { });

        FailurePoint out = report.plan().points().stream().filter(p -> p.target().name().equals("out")).findFirst()
                .orElseThrow(() -> new AssertionError("no point on out in " + report.plan().points()));
        assertThat(out.deterministic()).isFalse();
        assertThat(report.runs()).filteredOn(r -> r.candidate().point().equals(out)).extracting(r -> r.candidate().spec())
                .containsExactlyInAnyOrder("openat:error=EACCES:when=1:path=out", "openat:error=EACCES:path=out");
        // The shell says so when it cannot open out: the fault fired and was reported in both modes.
        assertThat(report.runs()).filteredOn(r -> r.candidate().point().equals(out)).extracting(ExploredRun::outcome)
                .containsOnly(Outcome.REPORTED);
    }

    @Test
    void aRepeatableProgramsPointsAreDeterministic() {
        PlanSettings openingOut = new PlanSettings(Optional.of(Set.of("openat")), Optional.of(Set.of(Errno.EACCES)),
                false, EnumSet.of(Mode.ONCE), 500, 0);

        ExplorationReport report = new CommandExploration(List.of("sh", "-c", "echo a > out; echo b >> out"), dir,
                openingOut, GENEROUS).explore((done, planned, findings, elapsed) -> { });

        assertThat(report.plan().points()).filteredOn(p -> p.target().name().equals("out")).singleElement()
                .satisfies(p -> {
                    assertThat(p.deterministic()).isTrue();
                    assertThat(p.occurrences()).isEqualTo(2);
                });
        assertThat(report.runs()).extracting(r -> r.candidate().spec()).contains("openat:error=EACCES:when=2:path=out");
        assertThat(report.stdoutVaries()).isFalse();
    }

    @Test
    void aCloseAfterAChangeOfDirectoryIsNamedByTheFileItClosesSoItsFaultFires() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("in"), "data\n");
        PlanSettings closes = new PlanSettings(Optional.of(Set.of("close")), Optional.of(Set.of(Errno.EIO)), false,
                EnumSet.of(Mode.ONCE), 500, 0);

        // dd opens "out" in the directory the shell changed to, and closes that descriptor before using it.
        ExplorationReport report = new CommandExploration(List.of("sh", "-c",
                "cd sub && exec dd if=../in of=out status=none"), dir, closes, GENEROUS)
                .explore((done, planned, findings, elapsed) -> { });

        assertThat(report.runs()).extracting(r -> r.candidate().spec())
                .contains("close:error=EIO:when=1:fd_path=" + dir.toRealPath() + "/sub/out")
                .doesNotContain("close:error=EIO:when=1:fd_path=" + dir.toRealPath() + "/out");
        assertThat(report.runs()).extracting(ExploredRun::outcome).isNotEmpty().doesNotContain(Outcome.NOT_FIRED);
    }
}
