// The stress program (src/test/c/progs/stress.c) under libsysfault.so: same output as natively, and the hooks really run.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StressProgramTest {

    /** Its stdout on a healthy system, as a pattern (src/test/c/progs/stress.expected, also used by the container tests). */
    private static final Pattern EXPECTED_STDOUT = expectedStdout();

    private static Pattern expectedStdout() {
        try {
            return Pattern.compile(Files.readString(Path.of("src/test/c/progs/stress.expected")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lower bound of the syscalls the file threads alone make: 8 x 300 x (open, write, lseek, read, pread, close). */
    private static final long FILE_THREAD_SYSCALLS = 8 * 300 * 6;

    private static final long CLONE_THREAD = 0x10000;

    private static ProgramRun.Result nativeRun;

    @TempDir
    Path tmp;

    @BeforeAll
    static void runNatively() {
        nativeRun = stress().run();
        assertThat(nativeRun.exitCode()).as(nativeRun.describe()).isZero();
        assertThat(nativeRun.stdout()).as(nativeRun.describe()).matches(EXPECTED_STDOUT);
    }

    private static ProgramRun stress() {
        return ProgramRun.of(NativeBuild.program("stress").toString());
    }

    @Test
    void passesUnderTheLibraryAlone() {
        ProgramRun.Result result = stress().preload(NativeBuild.preload()).run();

        assertPassedLikeNatively(result);
        assertThat(result.stderr()).as(result.describe()).isEmpty();
    }

    @Test
    void passesUnderAPassthroughHookThatSeesItsCalls() {
        ProgramRun.Result result = stress().preload(NativeBuild.preload("passthrough"))
                .env("SYSFAULT_TEST_REPORT", "1").run();

        assertPassedLikeNatively(result);
        Matcher report = Pattern.compile("(?m)^passthrough: pid " + result.pid()
                + " hooked (\\d+) calls$").matcher(result.stderr());
        assertThat(report.find()).as("a report line of the stress process itself in stderr:\n%s",
                result.describe()).isTrue();
        assertThat(Long.parseLong(report.group(1))).as("syscalls the hook saw")
                .isGreaterThanOrEqualTo(FILE_THREAD_SYSCALLS);
        // The programs it execs (/bin/true, itself, /bin/echo) carry the hook along; some of them
        // make no syscall after the hook's constructor, so only the lines are counted (sh leaves
        // through _exit, without destructors, and is not counted).
        assertThat(result.stderr().lines().filter(line -> line.startsWith("passthrough: pid ")))
                .as(result.describe()).hasSizeGreaterThanOrEqualTo(1 + 5 + 5 + 10);
    }

    @Test
    void cloneHooksRunInTheChildAndInTheParent() throws IOException {
        Path log = tmp.resolve("clone.log");
        ProgramRun.Result result = stress().preload(NativeBuild.preload("clone_hooks"))
                .env("SYSFAULT_TEST_CLONE_LOG", log.toString()).run();

        assertPassedLikeNatively(result);
        List<CloneEvent> events = CloneEvent.parse(Files.readAllLines(log));
        List<CloneEvent> mainProcess = events.stream().filter(e -> e.pid() == result.pid()).toList();
        List<CloneEvent> parents = mainProcess.stream().filter(e -> e.kind().equals("parent")).toList();
        assertThat(parents).as("clone_parent calls in the stress process").allSatisfy(parent -> {
            assertThat(parent.tid()).as("called in the calling thread").isNotZero();
            assertThat(parent.returned()).as("child id").isPositive();
        });
        assertThat(parents.stream().filter(e -> (e.flags() & CLONE_THREAD) != 0))
                .as("thread creations (8 file threads, 3 signal senders)").hasSizeGreaterThanOrEqualTo(11);
        assertThat(parents.stream().filter(e -> (e.flags() & CLONE_THREAD) == 0))
                .as("process creations (20 fork, 10 vfork, 11 posix_spawn, 2 system, 2 clone, raw clone, clone3)")
                .hasSizeGreaterThanOrEqualTo(20 + 10 + 11 + 2 + 2 + 1);

        // Every child hook ran in the new thread or process: its own tid is what the parent got back.
        Set<Long> childTids = new HashSet<>();
        events.stream().filter(e -> e.kind().equals("child")).forEach(e -> childTids.add(e.tid()));
        Set<Long> returned = new HashSet<>();
        events.stream().filter(e -> e.kind().equals("parent")).forEach(e -> returned.add(e.returned()));
        assertThat(childTids).as("tids seen by clone_child hooks, all processes").isEqualTo(returned);
    }

    /** Where hook libraries ask it: in their constructor, which runs before libsysfault.so's own. */
    @Test
    void hookInProcessAllowedIsOneInTheHookConstructor() throws IOException {
        Path log = tmp.resolve("clone.log");
        ProgramRun.Result result = stress().preload(NativeBuild.preload("clone_hooks"))
                .env("SYSFAULT_TEST_CLONE_LOG", log.toString()).run();

        assertPassedLikeNatively(result);
        List<CloneEvent> starts = CloneEvent.parse(Files.readAllLines(log)).stream()
                .filter(e -> e.kind().equals("start")).toList();
        assertThat(starts).as("syscall_hook_in_process_allowed() in the constructor of clone_hooks.so")
                .anySatisfy(start -> assertThat(start.pid()).isEqualTo(result.pid()))
                .allSatisfy(start -> assertThat(start.allowed()).as("in pid %d", start.pid()).isEqualTo(1));
    }

    @Test
    void cmdlineFilterNamingAnotherProgramLeavesTheHooksOut() throws IOException {
        Path log = tmp.resolve("clone.log");
        ProgramRun.Result result = stress().preload(NativeBuild.preload("clone_hooks"))
                .env("INTERCEPT_HOOK_CMDLINE_FILTER", "no-such-program")
                .env("SYSFAULT_TEST_CLONE_LOG", log.toString()).run();

        assertPassedLikeNatively(result);
        List<CloneEvent> events = CloneEvent.parse(Files.readAllLines(log));
        assertThat(events).as("hooks called although the filter names another program")
                .allSatisfy(event -> {
                    assertThat(event.kind()).isEqualTo("start");
                    assertThat(event.allowed()).isZero();
                });
    }

    @Test
    void cmdlineFilterNamingTheProgramHooksOnlyIt() throws IOException {
        Path log = tmp.resolve("clone.log");
        ProgramRun.Result result = stress().preload(NativeBuild.preload("clone_hooks"))
                .env("INTERCEPT_HOOK_CMDLINE_FILTER", "stress")
                .env("SYSFAULT_TEST_CLONE_LOG", log.toString()).run();

        assertPassedLikeNatively(result);
        List<CloneEvent> events = CloneEvent.parse(Files.readAllLines(log));
        assertThat(events).as("clone_parent calls in the stress process")
                .filteredOn(event -> event.pid() == result.pid())
                .filteredOn(event -> event.kind().equals("parent")).isNotEmpty();
        assertThat(events).as("allowed in the stress process and its self-execs, not in echo or true")
                .filteredOn(event -> event.kind().equals("start"))
                .extracting(CloneEvent::allowed).contains(0, 1);
    }

    private static void assertPassedLikeNatively(ProgramRun.Result result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).isEqualTo(nativeRun.stdout());
    }

    /** One line of clone_hooks.so's log. */
    record CloneEvent(String kind, long pid, long tid, long returned, long flags, int allowed) {

        private static final Pattern LINE = Pattern.compile(
                "start pid=(\\d+) allowed=(-?\\d+)"
                        + "|(child|parent) pid=(\\d+) tid=(\\d+)(?: returned=(-?\\d+))? flags=0x([0-9a-f]+)");

        static List<CloneEvent> parse(List<String> lines) {
            List<CloneEvent> events = new ArrayList<>();
            for (String line : lines) {
                Matcher m = LINE.matcher(line);
                assertThat(m.matches()).as("clone log line '%s'", line).isTrue();
                if (m.group(1) != null) {
                    events.add(new CloneEvent("start", Long.parseLong(m.group(1)), 0, 0, 0,
                            Integer.parseInt(m.group(2))));
                } else {
                    events.add(new CloneEvent(m.group(3), Long.parseLong(m.group(4)),
                            Long.parseLong(m.group(5)),
                            m.group(6) == null ? 0 : Long.parseLong(m.group(6)),
                            Long.parseUnsignedLong(m.group(7), 16), 0));
                }
            }
            return events;
        }
    }
}
