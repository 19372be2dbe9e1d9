// The control API (include/sysfault_control.h) from inside a real program: tables swapped while it runs, exempt threads.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code control_api} (src/test/c/progs) calls the API through dlsym, one step per argument, and prints a
 * line per step. glibc's getppid and getpid cannot fail, so they never set errno: a rule that fails
 * them with EPERM (1) makes them return -1, with ENOENT (2) -2.
 */
class ControlApiTest {

    @TempDir
    Path dir;

    private Path table(String name, Fault... faults) throws IOException {
        Path file = dir.resolve(name + ".rules");
        RuleTable.compile(List.of(faults)).write(file);
        return file;
    }

    private ProgramRun controlApi(String... steps) {
        List<String> command = new ArrayList<>(List.of(NativeBuild.program("control_api").toString()));
        command.addAll(List.of(steps));
        return ProgramRun.of(command).in(dir).env("SYSFAULT_CACHE_DIR", "").preload(NativeBuild.preload());
    }

    private static ProgramRun.Result succeeded(ProgramRun run) {
        ProgramRun.Result result = run.run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stderr()).as(result.describe()).isEmpty();
        return result;
    }

    @Test
    void withoutRulesCallsPassAndEachLoadedTableDecidesUntilTheRulesAreCleared() throws IOException {
        Path a = table("a", Fault.on("getppid").fail(Errno.EPERM));
        Path b = table("b", Fault.on("getpid").returnValue(4242), Fault.on("getppid").fail(Errno.ENOENT));

        ProgramRun.Result run = succeeded(controlApi("version", "getppid", "getpid", "load=" + a, "getppid", "getpid",
                "load=" + b, "getppid", "getpid", "clear", "getppid", "getpid"));

        assertThat(run.stdout()).isEqualTo("""
                version 3
                getppid real
                getpid real
                load = 0
                getppid = -1
                getpid real
                load = 0
                getppid = -2
                getpid = 4242
                clear
                getppid real
                getpid real
                """);
    }

    @Test
    void aTableFromSysfaultRulesIsInForceUntilAnotherIsLoaded() throws IOException {
        Path atStart = table("start", Fault.on("getppid").fail(Errno.EPERM));
        Path later = table("later", Fault.on("getpid").returnValue(7));

        ProgramRun.Result run = succeeded(controlApi("getppid", "load=" + later, "getppid", "getpid")
                .env("SYSFAULT_RULES", atStart.toString()));

        assertThat(run.stdout()).isEqualTo("""
                getppid = -1
                load = 0
                getppid real
                getpid = 7
                """);
        assertThat(RuleCounters.read(atStart).matched(0)).as("the first step's getppid").isEqualTo(1);
    }

    @Test
    void aBadTableIsRefusedWithItsFileAndProblemAndTheRulesInForceStay() throws IOException {
        Path good = table("good", Fault.on("getppid").fail(Errno.EPERM));
        byte[] bytes = Files.readAllBytes(good);
        bytes[1088 + 68] = 5; // rule 0's errno, after the checksum was computed
        Path corrupt = Files.write(dir.resolve("corrupt.rules"), bytes);
        Path missing = dir.resolve("missing.rules");
        Path truncated = Files.write(dir.resolve("truncated.rules"), new byte[] {'S', 'F', 'R'});

        ProgramRun.Result run = succeeded(controlApi("load=" + good, "getppid", "load=" + corrupt, "getppid",
                "load=" + missing, "getppid", "load=" + truncated, "getppid", "load=" + dir, "getppid", "load=",
                "getppid"));

        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).as(run.describe()).hasSize(12);
        assertThat(lines.get(0)).isEqualTo("load = 0");
        assertThat(lines.get(2)).startsWith("load = -1: rule table " + corrupt + ": header (offset 32): checksum is 0x")
                .endsWith("; the table was changed after it was written");
        assertThat(lines.get(4)).isEqualTo("load = -1: rule table " + missing
                + ": cannot open it for reading and writing: No such file or directory (errno 2)");
        assertThat(lines.get(6)).isEqualTo("load = -1: rule table " + truncated
                + ": file is 3 bytes, shorter than the 64-byte header");
        assertThat(lines.get(8)).isEqualTo("load = -1: rule table " + dir
                + ": cannot open it for reading and writing: Is a directory (errno 21)");
        assertThat(lines.get(10)).isEqualTo("load = -1: rule table: no file named (the path is empty)");
        for (int i = 1; i < 12; i += 2) {
            assertThat(lines.get(i)).as("line %d: the good table is still in force", i + 1).isEqualTo("getppid = -1");
        }
    }

    @Test
    void swappingTablesTenThousandTimesWhileFourThreadsCallGivesOnlyTheirAnswers() throws IOException {
        Path a = table("a", Fault.on("getppid").fail(Errno.EPERM), Fault.on("getpid").returnValue(1111));
        Path b = table("b", Fault.on("getppid").fail(Errno.ENOENT), Fault.on("getpid").returnValue(2222));

        ProgramRun.Result run = succeeded(controlApi("stress=" + a + "," + b + ",10000"));

        List<String> lines = run.stdout().lines().toList();
        assertThat(lines.get(0)).as(run.describe()).isEqualTo("stress loads 10000 failed 0");
        List<String> results = lines.subList(1, lines.size()).stream().map(l -> l.replaceFirst(" x\\d+$", "")).toList();
        assertThat(results).as(run.describe()).containsExactlyInAnyOrder("getpid = 1111", "getpid = 2222",
                "getppid = -1", "getppid = -2");
        long calls = lines.subList(1, lines.size()).stream()
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(" x") + 2))).sum();
        assertThat(calls).as("the threads kept calling while the tables changed").isGreaterThan(10_000);
    }

    @Test
    void anExemptThreadIsNeitherFaultedNorTracedWhileTheOthersAre() throws IOException {
        Path rules = table("getppid", Fault.on("getppid").fail(Errno.EPERM));
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());

        ProgramRun.Result run = succeeded(controlApi("load=" + rules, "exempt-thread=100")
                .env("SYSFAULT_TRACE", trace.toString()));

        Matcher exempt = Pattern.compile("exempt thread tid (\\d+): getppid real x100, then = -1\n")
                .matcher(run.stdout());
        Matcher main = Pattern.compile("main thread tid (\\d+): getppid = -1 x100\n").matcher(run.stdout());
        assertThat(exempt.find()).as(run.describe()).isTrue();
        assertThat(main.find()).as(run.describe()).isTrue();
        int exemptTid = Integer.parseInt(exempt.group(1));
        int mainTid = Integer.parseInt(main.group(1));

        List<SyscallEvent> events = SyscallTrace.open(trace).events();
        List<SyscallEvent> exemptGetppid = events.stream()
                .filter(e -> e.tid() == exemptTid && e.name().equals("getppid")).toList();
        assertThat(exemptGetppid).as("only the call after sysfault_exempt_thread(0)").hasSize(1)
                .allMatch(SyscallEvent::injected);
        assertThat(events.stream().filter(e -> e.tid() == mainTid && e.name().equals("getppid") && e.injected()))
                .as("the main thread's getppid, each faulted and recorded").hasSize(100);
        assertThat(events).as("what the thread opened while exempt")
                .noneMatch(e -> e.path().orElse("").endsWith("/exempt-marker"))
                .anyMatch(e -> e.tid() == exemptTid && e.path().orElse("").endsWith("/not-exempt-marker"));
        assertThat(RuleCounters.read(rules).matched(0)).as("the exempt calls are not counted either").isEqualTo(101);
    }

    @Test
    void whenAndTimesCountFromZeroForEachLoadedTableAndTheNewFileCountsItsMatches() throws IOException {
        Fault second = Fault.on("getppid").fail(Errno.EPERM).when(2);
        Fault once = Fault.on("getpid").returnValue(7).times(1);
        Path first = table("first", second, once);
        Path again = table("again", second, once);

        ProgramRun.Result run = succeeded(controlApi("load=" + first, "getppid", "getppid", "getppid", "getpid",
                "getpid", "load=" + again, "getppid", "getppid", "getpid", "getpid", "load=" + first, "getppid",
                "getppid", "getpid"));

        assertThat(run.stdout()).isEqualTo("""
                load = 0
                getppid real
                getppid = -1
                getppid real
                getpid = 7
                getpid real
                load = 0
                getppid real
                getppid = -1
                getpid = 7
                getpid real
                load = 0
                getppid real
                getppid = -1
                getpid = 7
                """);
        RuleCounters firstCounters = RuleCounters.read(first);
        RuleCounters againCounters = RuleCounters.read(again);
        assertThat(firstCounters.matched(0)).as("getppid: 3 calls, then 2 after loading it again").isEqualTo(5);
        assertThat(firstCounters.fired(0)).isEqualTo(2);
        assertThat(firstCounters.matched(1)).isEqualTo(3);
        assertThat(firstCounters.fired(1)).isEqualTo(2);
        assertThat(againCounters.matched(0)).isEqualTo(2);
        assertThat(againCounters.fired(0)).isEqualTo(1);
        assertThat(againCounters.matched(1)).isEqualTo(2);
        assertThat(againCounters.fired(1)).isEqualTo(1);
    }

    @Test
    void aForkedChildKeepsTheTableInForceWhenItForked() throws IOException {
        Path a = table("a", Fault.on("getppid").fail(Errno.EPERM));
        Path b = table("b", Fault.on("getppid").fail(Errno.ENOENT));

        ProgramRun.Result run = succeeded(controlApi("load=" + a, "fork", "load=" + b, "getppid", "child",
                "fork", "clear", "getppid", "child", "load=" + b, "clear", "fork", "load=" + a, "child"));

        assertThat(run.stdout()).isEqualTo("""
                load = 0
                fork
                load = 0
                getppid = -2
                child getppid = -1
                fork
                clear
                getppid real
                child getppid = -2
                load = 0
                clear
                fork
                load = 0
                child getppid real
                """);
    }

    @Test
    void aCommandRuleInALoadedTableGoesByTheProgramsNameAtStartUp() throws IOException {
        Path ours = table("ours", Fault.on("getppid").fail(Errno.EPERM).onlyInCommand("control_api"));
        Path other = table("other", Fault.on("getppid").fail(Errno.EPERM).onlyInCommand("cat"));

        ProgramRun.Result run = succeeded(controlApi("load=" + ours, "getppid", "load=" + other, "getppid"));

        assertThat(run.stdout()).isEqualTo("""
                load = 0
                getppid = -1
                load = 0
                getppid real
                """);
    }

    @Test
    void aTableWithoutRulesClearsThem() throws IOException {
        Path rules = table("getppid", Fault.on("getppid").fail(Errno.EPERM));
        Path none = table("none");

        ProgramRun.Result run = succeeded(controlApi("load=" + rules, "getppid", "load=" + none, "getppid"));

        assertThat(run.stdout()).isEqualTo("load = 0\ngetppid = -1\nload = 0\ngetppid real\n");
    }
}
