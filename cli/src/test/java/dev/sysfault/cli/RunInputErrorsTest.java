// `sysfault run` with arguments it must refuse before anything runs, and a command whose status must survive the report.
package dev.sysfault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.trace.TraceSnapshot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunInputErrorsTest {

    @TempDir
    Path dir;

    @Test
    void aTraceFileThatCannotBeWrittenIsAnArgumentMistakeAndNothingRuns() {
        Sysfault.Result r = Sysfault.main("run", "--trace", "/nonexistent/dir/x", "--", "sh", "-c",
                "echo ran > f; exit 7").in(dir).run();

        assertThat(r.stderr()).as(r.toString()).isEqualTo("sysfault: --trace /nonexistent/dir/x cannot be written:"
                + " the directory /nonexistent/dir does not exist; create it or give another file\n");
        assertThat(r.exitCode()).isEqualTo(Main.USAGE);
        assertThat(dir.resolve("f")).doesNotExist();
    }

    @Test
    void aTraceFileThatIsADirectoryIsAnArgumentMistake() {
        Sysfault.Result r = Sysfault.main("run", "--trace", dir.toString(), "--", "sh", "-c", "echo ran > f")
                .in(dir).run();

        assertThat(r.stderr()).as(r.toString()).isEqualTo("sysfault: --trace " + dir + " cannot be written: Is a"
                + " directory; give another file, or - for stderr\n");
        assertThat(r.exitCode()).isEqualTo(Main.USAGE);
        assertThat(dir.resolve("f")).doesNotExist();
    }

    @Test
    void aTraceThatCannotBeWrittenAfterTheRunKeepsTheCommandsStatus() {
        // /dev/full opens for writing, and every write to it fails with ENOSPC.
        Sysfault.Result r = Sysfault.main("run", "--trace", "/dev/full", "--", "sh", "-c", "echo ran > f; exit 7")
                .in(dir).run();

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.stderr()).isEqualTo("sysfault: the trace of sh could not be written to /dev/full: No space left"
                + " on device; the exit status is 7, as without --trace\n");
        assertThat(dir.resolve("f")).hasContent("ran");
    }

    @Test
    void aTraceFileThatTheRunNeverWroteIsNotLeftBehind() {
        Sysfault.Result r = Sysfault.main("run", "--trace", "t", "--", "no-such-program-anywhere").in(dir).run();

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.NOT_FOUND);
        assertThat(dir.resolve("t")).doesNotExist();
    }

    @Test
    void aTimeoutBelowAMillisecondIsRefusedWithTheShortest() {
        Sysfault.Result r = Sysfault.main("run", "--timeout", "0.0000000001s", "--", "sh", "-c", "echo ran > f")
                .in(dir).run();

        assertThat(r.stderr()).as(r.toString()).isEqualTo("sysfault: --timeout 0.0000000001s is shorter than 1ms,"
                + " the shortest timeout sysfault keeps: write 1ms or more\n");
        assertThat(r.exitCode()).isEqualTo(Main.USAGE);
        assertThat(dir.resolve("f")).doesNotExist();
    }

    @Test
    void aTimeoutWithAFractionOfAMillisecondIsRefused() {
        Sysfault.Result r = Sysfault.main("run", "--timeout", "1.5ms", "--", "true").run();

        assertThat(r.stderr()).as(r.toString()).isEqualTo("sysfault: --timeout 1.5ms has a fraction of a millisecond,"
                + " the resolution sysfault keeps: write 1ms or 2ms\n");
        assertThat(r.exitCode()).isEqualTo(Main.USAGE);
    }

    @Test
    void anEmptyCommandIsAnArgumentMistake() {
        Sysfault.Result r = Sysfault.main("run", "--", "").run();

        assertThat(r.stderr()).as(r.toString()).isEqualTo("sysfault: the command is empty (''): write the program"
                + " to run after --, as in sysfault run -- ls\n");
        assertThat(r.exitCode()).isEqualTo(Main.USAGE);
    }

    /**
     * A process killed while it records a call leaves that event half-written; the trace is nowhere near full.
     * (When that happens is a race, so the counts are given here; SyscallTraceAssertTest reads a torn file.)
     */
    @Test
    void aCallCutShortByAKillIsCalledHalfWrittenNotAFullTrace() {
        assertThat(Main.lostLine(new TraceSnapshot(List.of(), 0, 0, 1))).isEqualTo("sysfault: 1 call is not in this"
                + " trace: 1 half-written: a process died, or was still writing, while recording it\n");
        assertThat(Main.lostLine(new TraceSnapshot(List.of(), 2, 5, 0))).isEqualTo("sysfault: 7 calls are not in this"
                + " trace: 5 overwritten by newer events; 2 dropped: the trace was full, or another writer held the"
                + " event's slot (it keeps the last 1048576)\n");
        assertThat(Main.lostLine(new TraceSnapshot(List.of(), 0, 0, 0))).isEmpty();
    }

    @Test
    void numbersOfOtherScriptsExponentsAndHugeNumbersAreOneLineAndStatus2() {
        for (String spec : new String[] {"write:retval=\u0663", "read:delay_enter=1e-2147483647",
                "read:error=99999999999999999999"}) {
            // A UTF-8 locale: in C, the JVM reads the Arabic-Indic digit of the argument as "??".
            Sysfault.Result r = Sysfault.main("run", "--inject", spec, "--", "sh", "-c", "echo ran > f").in(dir)
                    .env("LC_ALL", "C.UTF-8").run();

            assertThat(r.stderr()).as(r.toString()).startsWith("sysfault: in SPEC \"" + spec + "\"")
                    .doesNotContain("Exception").hasLineCount(1);
            assertThat(r.exitCode()).isEqualTo(Main.USAGE);
        }
        assertThat(dir.resolve("f")).doesNotExist();
    }

    @Test
    void aHugeArgumentIsElidedInTheMessage() {
        String option = "--" + "x".repeat(100_000);
        Sysfault.Result r = Sysfault.main("run", option, "--", "true").run();

        assertThat(r.stderr()).as(r.toString()).startsWith("sysfault: unknown option \"--xxx").contains("[... ")
                .hasLineCount(1);
        assertThat(r.stderr().length()).isLessThan(400);
        assertThat(r.exitCode()).isEqualTo(Main.USAGE);
    }
}
