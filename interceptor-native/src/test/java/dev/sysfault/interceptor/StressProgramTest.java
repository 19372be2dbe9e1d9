// The stress program (src/test/c/progs/stress.c) under libsysfault.so: same output as natively, and the hooks really run.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    /** sysfault_hook_point_clone_*: every clone, clone3, fork and vfork, with its flags. */
    @Test
    void ourCloneHooksRunInTheChildAndInTheParentOfEveryCall() throws IOException {
        Path log = tmp.resolve("clone.log");
        ProgramRun.Result result = stress().preload(NativeBuild.preload("clone_hooks"))
                .env("SYSFAULT_TEST_CLONE_LOG", log.toString()).run();

        assertPassedLikeNatively(result);
        List<CloneEvent> events = CloneEvent.parse(Files.readAllLines(log));
        List<CloneEvent> mainProcess = events.stream().filter(e -> e.pid() == result.pid()).toList();
        List<CloneEvent> parents = mainProcess.stream().filter(e -> e.kind().equals("parent")).toList();
        assertThat(parents).as("sysfault_hook_point_clone_parent calls in the stress process").allSatisfy(parent -> {
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
        assertThat(childTids).as("tids seen by sysfault_hook_point_clone_child, all processes").isEqualTo(returned);
    }

    /**
     * intercept_hook_point_clone_*, as in syscall_intercept: only a clone or clone3 given a stack of
     * its own (threads, the clone()s with a stack, posix_spawn's children), the parent hook with the
     * new child's id; never fork, vfork or a clone without a stack.
     */
    @Test
    void syscallInterceptCloneHooksRunOnlyForChildrenOnANewStack() throws IOException {
        Path log = tmp.resolve("clone.log");
        ProgramRun.Result result = stress().preload(NativeBuild.preload("clone_hooks"))
                .env("SYSFAULT_TEST_CLONE_LOG", log.toString()).run();

        assertPassedLikeNatively(result);
        List<CloneEvent> events = CloneEvent.parse(Files.readAllLines(log));
        Set<Long> onNewStack = new HashSet<>();
        Set<Long> onTheCallersStack = new HashSet<>();
        events.stream().filter(e -> e.kind().equals("parent"))
                .forEach(e -> (e.stack() != 0 ? onNewStack : onTheCallersStack).add(e.returned()));
        Set<Long> interceptParents = new HashSet<>();
        events.stream().filter(e -> e.kind().equals("intercept_parent")).forEach(e -> interceptParents.add(e.returned()));
        Set<Long> interceptChildren = new HashSet<>();
        events.stream().filter(e -> e.kind().equals("intercept_child")).forEach(e -> interceptChildren.add(e.tid()));

        assertThat(onNewStack).as("children given a stack: 8 file threads, 3 signal senders, 2 clone()s, "
                + "11 posix_spawn, 2 system").hasSizeGreaterThanOrEqualTo(8 + 3 + 2 + 11 + 2);
        assertThat(interceptParents).as("ids given to intercept_hook_point_clone_parent, all processes")
                .isEqualTo(onNewStack).doesNotContainAnyElementsOf(onTheCallersStack);
        assertThat(interceptChildren).as("tids in which intercept_hook_point_clone_child ran, all processes")
                .isEqualTo(onNewStack);
        assertThat(events.stream().filter(e -> e.kind().equals("intercept_parent")))
                .as("one intercept_hook_point_clone_parent call per child").hasSameSizeAs(interceptParents);
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

    /** One line of clone_hooks.so's log: a kind, then key=value fields (0 where the line has none). */
    record CloneEvent(String kind, long pid, long tid, long returned, long flags, long stack, int allowed) {

        private static final Pattern LINE = Pattern.compile(
                "(start|child|parent|intercept_child|intercept_parent|hook)((?: [a-z]+=-?(?:0x)?[0-9a-f]+)+)");
        private static final Pattern FIELD = Pattern.compile(" ([a-z]+)=(-?)(0x)?([0-9a-f]+)");

        static List<CloneEvent> parse(List<String> lines) {
            List<CloneEvent> events = new ArrayList<>();
            for (String line : lines) {
                Matcher m = LINE.matcher(line);
                assertThat(m.matches()).as("clone log line '%s'", line).isTrue();
                Map<String, Long> fields = new HashMap<>();
                Matcher field = FIELD.matcher(m.group(2));
                while (field.find()) {
                    long magnitude = Long.parseUnsignedLong(field.group(4), field.group(3) == null ? 10 : 16);
                    fields.put(field.group(1), field.group(2).isEmpty() ? magnitude : -magnitude);
                }
                events.add(new CloneEvent(m.group(1), fields.getOrDefault("pid", 0L), fields.getOrDefault("tid", 0L),
                        fields.getOrDefault("returned", 0L), fields.getOrDefault("flags", 0L),
                        fields.getOrDefault("stack", 0L), fields.getOrDefault("allowed", 0L).intValue()));
            }
            return events;
        }
    }
}
