// `sysfault run` with real programs: the injected failure is the one the program reports, nothing else changes.
package dev.sysfault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunCommandTest {

    @TempDir
    Path dir;

    private Path binary;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "a line\nanother line\n");
        // A directory of its own: the JVMs and runs of this test make and delete directories in /tmp.
        Path listed = Files.createDirectory(dir.resolve("listed"));
        Files.writeString(listed.resolve("a"), "a");
        Files.createDirectory(listed.resolve("b"));
        byte[] bytes = new byte[300_000]; // more than cat's 128 KiB buffer; every byte value
        new Random(42).nextBytes(bytes);
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i;
        }
        binary = Files.write(dir.resolve("data.bin"), bytes);
    }

    @Test
    void theMainJobListingADirectoryFailsWithTheInjectedErrno() {
        Sysfault.Result r = Sysfault.main("run", "--inject", "getdents64:error=ENOTSUP", "--", "ls").in(dir).run();

        assertThat(r.stderr()).as(r.toString()).isEqualTo("ls: reading directory '.': Operation not supported\n");
        assertThat(r.stdout()).as(r.toString()).isEmpty();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of((Object) new String[] {"ls", "-la", "listed"}),
                Arguments.of((Object) new String[] {"cat", "data.bin"}),
                Arguments.of((Object) new String[] {"sh", "-c", "echo out; echo err >&2; cat notes.txt; exit 3"}),
                Arguments.of((Object) new String[] {"cat", "no-such-file", "notes.txt"}));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void withoutFaultsOutputAndStatusAreByteForByteThoseOfAPlainRun(String[] command) {
        Sysfault.Result plain = Sysfault.plain(command).in(dir).run();
        Sysfault.Result under = Sysfault.main(prefixed(command, "run", "--")).in(dir).run();

        assertThat(under.stdoutBytes()).as(under.toString()).isEqualTo(plain.stdoutBytes());
        assertThat(under.stderrBytes()).as(under.toString()).isEqualTo(plain.stderrBytes());
        assertThat(under.exitCode()).as(under.toString()).isEqualTo(plain.exitCode());
    }

    @Test
    void stdinPassesThroughUntouched() throws IOException {
        byte[] input = Files.readAllBytes(binary);
        Sysfault.Result r = Sysfault.main("run", "--", "cat").stdin(input).run();

        assertThat(r.stdoutBytes()).as(r.toString()).isEqualTo(input);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void theFirstArgumentThatIsNoOptionStartsTheCommandAndTheRestIsItsOwn() {
        Sysfault.Result r = Sysfault.main("run", "--inject", "getdents64:error=EIO", "sh", "-c", "echo \"$@\"; ls",
                "sh", "--inject", "--", "x").in(dir).run();

        assertThat(r.stdout()).as(r.toString()).isEqualTo("--inject -- x\n");
        assertThat(r.stderr()).isEqualTo("ls: reading directory '.': Input/output error\n");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("getdents64:error=ENOTSUPP", "value \"ENOTSUPP\" of error= at position 17"),
                Arguments.of("getdentz:error=EIO", "syscall set \"getdentz\" at position 0"),
                Arguments.of("read:when=x:error=EIO", "value \"x\" of when= at position 10"),
                Arguments.of("read", "no action"),
                Arguments.of("read:colour=red:error=EIO", "key \"colour\" at position 5"),
                Arguments.of("read:error=EIO:probability=2", "value \"2\" of probability= at position 27: outside 0..1"),
                Arguments.of("read:error=EIO:error=EIO", "key \"error\" at position 15: it is given twice"),
                Arguments.of("", "names no syscall"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void aMistakeInASpecIsOneLineOnStderrStatus2AndNothingRuns(String spec, String pointsAt) {
        Sysfault.Result r = Sysfault.main("run", "--inject", "openat:error=EIO", "--inject", spec, "--",
                "touch", "ran").in(dir).run();

        assertThat(r.stderr()).as(r.toString()).startsWith("sysfault: ").contains("SPEC \"" + spec + "\"")
                .contains(pointsAt).endsWith("\n").hasLineCount(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(Main.USAGE);
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    static Stream<Arguments> otherMistakes() {
        return Stream.of(
                Arguments.of(new String[] {"run", "--timeout", "10", "--", "true"}, "--timeout 10 is not a duration"),
                Arguments.of(new String[] {"run", "--timeout", "0s", "--", "true"}, "would stop the command at once"),
                Arguments.of(new String[] {"run", "--inject"}, "--inject needs a value"),
                Arguments.of(new String[] {"run", "--trace", "-", "--trace", "x", "--", "true"}, "--trace is given twice"),
                Arguments.of(new String[] {"run", "--verbose", "--", "true"}, "unknown option --verbose"),
                Arguments.of(new String[] {"run", "--inject", "read:error=EIO"}, "run needs a command"),
                Arguments.of(new String[] {"walk"}, "unknown command walk"),
                Arguments.of(new String[] {}, "say what to do"));
    }

    @ParameterizedTest
    @MethodSource("otherMistakes")
    void aMistakeInTheOptionsIsOneLineAndStatus2(String[] args, String message) {
        Sysfault.Result r = Sysfault.main(args).in(dir).run();

        assertThat(r.stderr()).as(r.toString()).startsWith("sysfault: ").contains(message).hasLineCount(1);
        assertThat(r.exitCode()).isEqualTo(Main.USAGE);
    }

    @Test
    void traceToStderrShowsTheInjectedCallAfterTheCommandsOwnOutput() {
        Path notes = dir.resolve("notes.txt");
        Sysfault.Result r = Sysfault.main("run", "--inject", "openat:path=" + notes + ":error=EACCES", "--trace", "-",
                "--", "cat", notes.toString()).in(dir).run();

        String failure = "cat: " + notes + ": Permission denied\n";
        assertThat(r.stderr()).as(r.toString()).startsWith(failure)
                .contains("\nopenat(AT_FDCWD, \"" + notes + "\", O_RDONLY) = -1 EACCES (Permission denied) (INJECTED)\n")
                .contains("\nexit_group(1)")
                .doesNotContain("sysfault: ");
        assertThat(r.stderr().lines().skip(1)).as("strace lines").allMatch(l -> l.matches("[a-z0-9_]+\\(.*\\) +=.*"));
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void traceToAFileLeavesStderrToTheCommand() throws IOException {
        Path trace = dir.resolve("ls.trace");
        Sysfault.Result r = Sysfault.main("run", "--inject", "getdents64:error=EIO", "--trace", trace.toString(),
                "--", "ls").in(dir).run();

        assertThat(r.stderr()).as(r.toString()).isEqualTo("ls: reading directory '.': Input/output error\n");
        assertThat(Files.readString(trace, StandardCharsets.UTF_8))
                .contains("getdents64(3, 0x")
                .containsPattern("\\) += -1 EIO \\(Input/output error\\) \\(INJECTED\\)\n");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void summaryIsAStraceCTableOnStderr() {
        Sysfault.Result r = Sysfault.main("run", "--inject", "getdents64:error=EIO", "--summary", "--", "ls")
                .in(dir).run();

        String stderr = r.stderr();
        assertThat(stderr).as(r.toString()).startsWith("ls: reading directory '.': Input/output error\n"
                + "    calls    errors  injected syscall\n"
                + "--------- --------- --------- ----------------\n")
                .containsPattern("\n +1 +1 +1 getdents64\n")
                .containsPattern("\n +1 +exit_group\n")
                .containsPattern("\n--------- --------- --------- ----------------\n +\\d+ +\\d+ +1 total\n$");
        assertThat(r.stdout()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(2);
    }

    /** echo's one write of 3 bytes under short=1000 is not changed, so it is not injected either. */
    @Test
    void aShortThatShortensNothingInjectsNothing() {
        Sysfault.Result r = Sysfault.main("run", "--inject", "write:short=1000", "--summary", "--", "echo", "hi")
                .in(dir).run();

        assertThat(r.stdout()).as(r.toString()).isEqualTo("hi\n");
        assertThat(r.stderr()).as(r.toString())
                .containsPattern("\n +1 {21}write\n")
                .containsPattern("\n +\\d+ {21}total\n")
                .endsWith("sysfault: warning: --inject write:short=1000 never fired: it matched 1 call but fired 0"
                        + " times (short=1000 shortened none of them). The command made write ×1 on fd 1.\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void aCommandKilledBySignalNExits128PlusN() {
        assertThat(Sysfault.main("run", "--", "sh", "-c", "kill -KILL $$").run().exitCode()).isEqualTo(128 + 9);
        assertThat(Sysfault.main("run", "--", "sh", "-c", "kill -TERM $$").run().exitCode()).isEqualTo(128 + 15);
    }

    @Test
    void anInjectedSignalKillsTheCommandAsUnderStrace() {
        Sysfault.Result r = Sysfault.main("run", "--inject", "write:error=EPIPE:signal=SIGPIPE", "--",
                "cat", "notes.txt").in(dir).run();

        assertThat(r.stdout()).isEmpty();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(128 + 13);
    }

    @Test
    void aCommandThatIsNotThereExits127AndOneThatCannotRun126() throws IOException {
        Sysfault.Result missing = Sysfault.main("run", "--", "no-such-program-anywhere").run();
        assertThat(missing.stderr()).isEqualTo("sysfault: no-such-program-anywhere: No such file or directory\n");
        assertThat(missing.exitCode()).isEqualTo(Main.NOT_FOUND);

        Sysfault.Result notExecutable = Sysfault.main("run", "--", "./notes.txt").in(dir).run();
        assertThat(notExecutable.stderr()).isEqualTo("sysfault: ./notes.txt: Permission denied\n");
        assertThat(notExecutable.exitCode()).isEqualTo(Main.NOT_RUNNABLE);
    }

    @Test
    void theTimeoutStopsTheCommandAndExits124() {
        long start = System.nanoTime();
        Sysfault.Result r = Sysfault.main("run", "--timeout", "300ms", "--", "sleep", "600").run();

        assertThat(r.stderr()).isEqualTo("sysfault: sleep ran out of time after 300ms and was stopped\n");
        assertThat(r.exitCode()).isEqualTo(Main.TIMED_OUT);
        // sleep would have run for ten minutes: a bound no busy machine reaches
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(5));
    }

    @Test
    void aCommandThatEndsBeforeTheTimeoutKeepsItsStatus() {
        Sysfault.Result r = Sysfault.main("run", "--timeout", "1m", "--", "sh", "-c", "exit 7").run();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.stderr()).isEmpty();
    }

    private static String[] prefixed(String[] command, String... prefix) {
        return Stream.concat(Stream.of(prefix), Stream.of(command)).toArray(String[]::new);
    }
}
