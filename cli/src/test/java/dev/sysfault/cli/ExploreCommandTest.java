// `sysfault explore` on a program with known bugs, a correct one and coreutils' cp: the findings, and their SPECs rerun.
package dev.sysfault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreCommandTest {

    private static final Pattern FINDING = Pattern.compile("(?m)^(crash|hang|silent)\t([^\t]+)\t(.*)$");

    @TempDir
    Path dir;

    private String journal;

    @BeforeEach
    void input() throws IOException {
        Files.writeString(dir.resolve("in"), "first\nsecond\nthird\nfourth\n");
        journal = Sysfault.testProgram("explore_journal").toString();
    }

    private Sysfault.Result explore(String... args) {
        return Sysfault.main(args).in(dir).run();
    }

    private static List<String[]> findings(Sysfault.Result r) {
        Matcher m = FINDING.matcher(r.stdout());
        return m.results().map(x -> new String[] {x.group(1), x.group(2), x.group(3)}).toList();
    }

    @Test
    void aCorrectProgramComesOutCleanAndEveryPlannedFaultFires() throws IOException {
        // A generous timeout: only a real hang may reach it, and the correct program has none.
        Sysfault.Result r = explore("explore", "--timeout", "60s", "--json", "runs.json", "--", journal, "correct",
                "in", "journal");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(findings(r)).as(r.toString()).isEmpty();
        assertThat(r.stdout()).as(r.toString()).contains("0 crash, 0 hang, 0 silent").doesNotContain("never fired");
        assertThat(r.stderr()).as("no progress when stderr is a pipe").isEmpty();
        String json = Files.readString(dir.resolve("runs.json"));
        // when=N with fd_path counts the calls the plan counted: the last write of the journal (#8) fired.
        assertThat(json).contains("\"spec\": \"write:error=EIO:when=8:fd_path=" + dir.toRealPath() + "/journal\"")
                .contains("\"outcome\": \"reported\"").doesNotContain("not-fired");
    }

    @Test
    void aSwallowedFsyncFailureIsSilentAndItsSpecReproducesIt() {
        Sysfault.Result r = explore("explore", "--syscalls", "fsync", "--timeout", "60s", "--", journal, "swallow-fsync",
                "in", "journal");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(findings(r)).as(r.toString()).isNotEmpty().allSatisfy(f -> assertThat(f[0]).isEqualTo("silent"));
        String spec = findings(r).get(0)[1];
        assertThat(spec).startsWith("fsync:error=").contains(":fd_path=");

        Sysfault.Result again = Sysfault.main("run", "--inject", spec, "--", journal, "swallow-fsync", "in", "journal")
                .in(dir).run();
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.stderr()).as(again.toString()).isEmpty();
        assertThat(again.stdout()).as(again.toString()).doesNotContain("committed: fourth").startsWith("done: 0");
    }

    @Test
    void aReadErrorRetriedForeverHangsFromThenOnAndItsSpecReproducesIt() {
        // Every run here meets a read error that never goes away, so any timeout ends it: no margin to keep.
        Sysfault.Result r = explore("explore", "--syscalls", "read", "--errnos", "EIO", "--mode", "from-then-on",
                "--timeout", "1s", "--", journal, "retry-read-error", "in", "journal");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(findings(r)).as(r.toString()).isNotEmpty().allSatisfy(f -> {
            assertThat(f[0]).isEqualTo("hang");
            assertThat(f[1]).matches("read:error=EIO:when=\\d\\+:fd_path=.*/in");
        });

        String spec = findings(r).get(0)[1];
        // The program never ends under the SPEC, so any timeout stops it.
        Sysfault.Result again = Sysfault.main("run", "--timeout", "1s", "--inject", spec, "--", journal,
                "retry-read-error", "in", "journal").in(dir).run();
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(124);
    }

    @Test
    void anUncheckedFailedOpenCrashesAndItsSpecReproducesIt() {
        Sysfault.Result r = explore("explore", "--syscalls", "openat", "--mode", "once", "--timeout", "60s", "--",
                journal, "unchecked-open", "in", "journal");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        List<String[]> crashes = findings(r).stream().filter(f -> f[0].equals("crash")).toList();
        assertThat(crashes).as(r.toString()).singleElement().satisfies(f -> {
            assertThat(f[1]).isEqualTo("openat:error=ENOENT:when=1:path=in");
            assertThat(f[2]).startsWith("killed by SIGSEGV");
        });

        Sysfault.Result again = Sysfault.main("run", "--inject", crashes.get(0)[1], "--", journal, "unchecked-open",
                "in", "journal").in(dir).run();
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(128 + 11);
    }

    @Test
    void coreutilsCpReportsEveryFailureOfItsCopyAndFallsBackWhenCopyFileRangeIsRefused() throws IOException {
        Sysfault.Result r = explore("explore", "--syscalls", "copy_file_range,read,write,close", "--timeout", "60s",
                "--json", "runs.json", "--", "cp", "in", "out");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String json = Files.readString(dir.resolve("runs.json"));
        // cp prints nothing, so a lost copy could only show as exit 0: every error of its copy and closes is reported,
        assertThat(outcomes(json, "(copy_file_range|close):error=(?!EINTR|EPERM)[A-Z]+")).as(json).isNotEmpty()
                .containsOnly("reported");
        // except EPERM from its first copy_file_range, on which cp copies with read and write instead.
        assertThat(outcomes(json, "copy_file_range:error=EPERM:when=1\\+?")).as(json).isNotEmpty().containsOnly("recovered");
    }

    /** The outcomes of the runs whose SPEC starts with {@code specStart} and acts on the file in or out. */
    private static List<String> outcomes(String json, String specStart) {
        return Pattern.compile("\"spec\": \"" + specStart + ":[^\"]*fd_path=[^\"]*/(in|out)\", \"title\": \"[^\"]*\","
                + " \"outcome\": \"([a-z-]+)\"").matcher(json).results().map(m -> m.group(m.groupCount())).toList();
    }

    @Test
    void onATerminalStderrShowsProgress() {
        List<String> explore = Sysfault.main("explore", "--syscalls", "fsync", "--timeout", "60s", "--", journal,
                "correct", "in", "journal").commandLine();
        // script(1) gives the command a terminal for stdin, stdout and stderr, and copies what it shows to stdout.
        String quoted = explore.stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
                .collect(java.util.stream.Collectors.joining(" "));
        Sysfault.Result r = Sysfault.program(List.of("script", "-qec", quoted, "/dev/null")).in(dir).run();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).as(r.toString()).containsPattern("sysfault explore: (\\d+) of \\1 runs, 0 findings")
                .contains("explored 1 points in");
    }

    @Test
    void badArgumentsExitTwoAndSayWhatToWrite() {
        Sysfault.Result errno = explore("explore", "--errnos", "EIOO", "--", "true");
        assertThat(errno.exitCode()).isEqualTo(2);
        assertThat(errno.stderr()).as(errno.toString()).startsWith("sysfault: --errnos EIOO: unknown errno EIOO; did"
                + " you mean EIO");

        Sysfault.Result syscall = explore("explore", "--syscalls", "fsyncc", "--", "true");
        assertThat(syscall.stderr()).as(syscall.toString()).contains("unknown syscall fsyncc; did you mean fsync");

        Sysfault.Result mode = explore("explore", "--mode", "twice", "--", "true");
        assertThat(mode.stderr()).as(mode.toString())
                .isEqualTo("sysfault: --mode twice is not a mode: write once, from-then-on or both\n");

        Sysfault.Result notFound = explore("explore", "--", "no-such-program-here");
        assertThat(notFound.exitCode()).as(notFound.toString()).isEqualTo(127);
        assertThat(notFound.stderr()).startsWith("sysfault: no-such-program-here could not be run");

        Sysfault.Result noCommand = explore("explore", "--budget", "10");
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.stderr()).contains("explore needs a command");
        assertThat(explore("explore", "--budget", "0", "--", "true").stderr()).contains("--budget 0 is not a number");
    }
}
