// The rule engine seen from programs: each matcher, trigger and action of docs/rule-table.md, and the shared counters.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.ArgOp;
import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleEngineTest {

    @TempDir
    Path dir;

    private Path table(Fault... faults) throws IOException {
        Path file = dir.resolve("test.rules");
        RuleTable.compile(List.of(faults)).write(file);
        return file;
    }

    private ProgramRun under(Path rules, String... command) {
        return ProgramRun.of(command).in(dir).env("SYSFAULT_RULES", rules.toString()).preload(NativeBuild.preload());
    }

    @Test
    void anFdPathRuleFollowsDescriptorsThroughDupFcntlCloseAndFork() throws IOException {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path rules = table(Fault.on("write").fdPath(work + "/wal/**").fail(Errno.EIO));

        ProgramRun.Result run = under(rules, NativeBuild.program("fd_games").toString(), work.toString()).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).as(run.describe()).isEqualTo("""
                open wal write=EIO
                open other write=ok
                dup wal-copy write=EIO
                dup2 other-over-wal-copy write=ok
                dup3 wal-over-it-again write=EIO
                fcntl-dupfd wal-at-100+ write=EIO
                fcntl-dupfd-cloexec other-at-200+ write=ok
                reuse same-number=yes
                reuse other-in-old-wal-number write=ok
                after-close wal-copy-still-open write=EIO
                child wal-copy write=EIO
                child other write=ok
                parent wal-copy write=EIO
                """);
    }

    @Test
    void shortWritesAreRealPartialWritesThatTheShellRetries() throws IOException {
        Path rules = table(Fault.on("write").fdPath("out").shortenTo(1));

        ProgramRun.Result run = under(rules, "sh", "-c", "echo 0123456789 > out; echo to-stdout").run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).as("stdout is not out: untouched").isEqualTo("to-stdout\n");
        assertThat(Files.readString(dir.resolve("out"))).isEqualTo("0123456789\n");
        RuleCounters counters = RuleCounters.read(rules);
        assertThat(counters.matched(0)).as("one write per byte").isEqualTo(11);
        assertThat(counters.fired(0)).as("the last write, of one byte, was not shortened").isEqualTo(10);
    }

    @Test
    void theProgramSeesTheShortenedCountsAndTheKernelDidOnlyThat() throws IOException {
        Path rules = table(Fault.on("write").fdPath("data").shortenTo(3),
                Fault.on("pread64").fdPath("data").shortenToFraction(0.2));

        ProgramRun.Result run = under(rules, NativeBuild.program("short_io").toString(), "data").run();

        assertThat(run.stdout()).as(run.describe()).isEqualTo("write returned 3\nread returned 2\n");
        assertThat(Files.readString(dir.resolve("data"))).isEqualTo("012");
    }

    @Test
    void anInjectedCloseFailureStillClosesTheDescriptorAsLinuxDoes() throws IOException {
        Path rules = table(Fault.on("close").fdPath("**/closed-anyway").fail(Errno.EIO));

        ProgramRun.Result run = under(rules, NativeBuild.program("close_fails").toString(), "closed-anyway").run();

        assertThat(run.stdout()).as(run.describe()).isEqualTo("close=EIO fd=closed\n");
        assertThat(RuleCounters.read(rules).fired(0)).isEqualTo(1);
    }

    @Test
    void anInjectedEbadfCloseLeavesTheDescriptorOpenAsNothingWasClosed() throws IOException {
        Path rules = table(Fault.on("close").fdPath("**/still-open").fail(Errno.EBADF));

        ProgramRun.Result run = under(rules, NativeBuild.program("close_fails").toString(), "still-open").run();

        assertThat(run.stdout()).as(run.describe()).isEqualTo("close=Bad file descriptor fd=open\n");
    }

    @Test
    void anArgumentRuleTellsCreatingAFileFromReadingOne() throws IOException {
        Files.writeString(dir.resolve("existing"), "here\n");
        int oCreat = 0100;
        Path rules = table(Fault.on("openat").arg(2, ArgOp.ALL, oCreat).fail(Errno.EROFS));

        ProgramRun.Result run = under(rules, "sh", "-c", "cat existing; echo new > created; echo status $?").run();

        assertThat(run.stdout()).as(run.describe()).isEqualTo("here\nstatus 2\n");
        assertThat(run.stderr()).contains("created").contains("Read-only file system");
        assertThat(dir.resolve("created")).doesNotExist();
    }

    @Test
    void aPathRuleFailsOnlyTheFilesItNamesAndTimesLimitsIt() throws IOException {
        for (String name : List.of("a.log", "b.log", "c.log", "d.txt")) {
            Files.writeString(dir.resolve(name), name + "\n");
        }
        Path rules = table(Fault.on("openat").path("*.log").fail(Errno.EACCES).times(2));

        ProgramRun.Result run = under(rules, "cat", "a.log", "b.log", "c.log", "d.txt").run();

        assertThat(run.stderr()).as(run.describe()).isEqualTo(
                "cat: a.log: Permission denied\ncat: b.log: Permission denied\n");
        assertThat(run.stdout()).isEqualTo("c.log\nd.txt\n");
        RuleCounters counters = RuleCounters.read(rules);
        assertThat(counters.matched(0)).as("openat calls for *.log").isEqualTo(3);
        assertThat(counters.fired(0)).isEqualTo(2);
    }

    @Test
    void theSameSeedFailsTheSameCallsInEveryRun() throws IOException {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Files.writeString(dir.resolve("f" + i), "");
            files.add("f" + i);
        }
        List<String> command = new ArrayList<>(List.of("cat"));
        command.addAll(files);

        String first = ProgramRun.of(command).in(dir).env("SYSFAULT_RULES", table(Fault.on("openat").path("f*")
                .fail(Errno.EIO).probability(0.5, 42)).toString()).preload(NativeBuild.preload()).run().stderr();
        String again = ProgramRun.of(command).in(dir).env("SYSFAULT_RULES", table(Fault.on("openat").path("f*")
                .fail(Errno.EIO).probability(0.5, 42)).toString()).preload(NativeBuild.preload()).run().stderr();
        String otherSeed = ProgramRun.of(command).in(dir).env("SYSFAULT_RULES", table(Fault.on("openat").path("f*")
                .fail(Errno.EIO).probability(0.5, 7)).toString()).preload(NativeBuild.preload()).run().stderr();

        long failed = first.lines().count();
        assertThat(failed).as("about half of 40 opens fail:\n" + first).isBetween(8L, 32L);
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void aCommandRuleAppliesOnlyInTheProgramItNames() throws IOException {
        Files.writeString(dir.resolve("x"), "x\n");
        Path rules = table(Fault.on("openat").path("x").fail(Errno.EACCES).onlyInCommand("cat"));

        ProgramRun.Result run = under(rules, "sh", "-c", "head -c 2 x; cat x; echo done").run();

        assertThat(run.stdout()).as(run.describe()).isEqualTo("x\ndone\n");
        assertThat(run.stderr()).isEqualTo("cat: x: Permission denied\n");
    }

    @Test
    void countersAddUpOverEveryProcessThatUsesTheTable() throws IOException {
        Files.writeString(dir.resolve("x"), "x\n");
        Path rules = table(Fault.on("openat").path("x").fail(Errno.ENOENT).when(2));

        ProgramRun.Result run = under(rules, "sh", "-c", "cat x; cat x x; cat x").run();

        // each process counts its own calls (strace semantics): only a second open of x fails
        assertThat(run.stdout()).as(run.describe()).isEqualTo("x\nx\nx\n");
        assertThat(run.stderr()).isEqualTo("cat: x: No such file or directory\n");
        RuleCounters counters = RuleCounters.read(rules);
        assertThat(counters.matched(0)).isEqualTo(4);
        assertThat(counters.fired(0)).isEqualTo(1);
    }

    @Test
    void aDelayHoldsTheCallForAtLeastItsDuration() throws IOException {
        Files.writeString(dir.resolve("x"), "x\n");
        Path rules = table(Fault.on("openat").path("x").delay(Duration.ofMillis(300)).delayAfter(Duration.ofMillis(200)));

        long start = System.nanoTime();
        ProgramRun.Result run = under(rules, "cat", "x").run();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(run.stdout()).as(run.describe()).isEqualTo("x\n");
        assertThat(elapsedMs).as("an injected 300 ms + 200 ms delay cannot take less").isGreaterThanOrEqualTo(500);
        assertThat(RuleCounters.read(rules).fired(0)).isEqualTo(1);
    }
}
