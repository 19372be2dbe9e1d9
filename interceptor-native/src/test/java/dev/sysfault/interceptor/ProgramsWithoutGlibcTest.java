// Programs that LD_PRELOAD cannot reach (static glibc, musl, Go), run by sysfault-exec: faulted as strace faults them, and traced.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code list_dir DIR} (src/test/c/progs, src/test/go) prints how many entries DIR has, or fails with the
 * error on stderr and exit status 1. It is built with {@code gcc -static}, {@code musl-gcc -static},
 * {@code musl-gcc} (musl's own dynamic loader) and in Go (test.mk): none loads glibc's dynamic loader, so
 * only {@code sysfault-exec} (src/main/c/exec) can put them under the rules. Each must behave under
 * {@code sysfault-exec} as under {@code strace --inject} with the same SPEC.
 */
class ProgramsWithoutGlibcTest {

    private static final String SPEC = "getdents64:error=ENOTSUP";
    /** The same errno (95): strace knows it by its other name only. */
    private static final String STRACE_SPEC = "getdents64:error=EOPNOTSUPP";

    @TempDir
    Path dir;

    private Path listed;

    @BeforeEach
    void aDirectoryWithThreeFiles() throws IOException {
        listed = Files.createDirectory(dir.resolve("listed"));
        for (String name : List.of("a", "b", "c")) {
            Files.writeString(listed.resolve(name), name);
        }
    }

    private Path table(String spec) throws IOException {
        Path file = dir.resolve("test.rules");
        RuleTable.compile(List.of(Fault.parse(spec))).write(file);
        return file;
    }

    private static List<String> command(String build, String... args) {
        List<String> command = new ArrayList<>(List.of(NativeBuild.loader().toString(),
                NativeBuild.dir().resolve("test").resolve(build).toString()));
        command.addAll(List.of(args));
        return command;
    }

    private ProgramRun.Result underStrace(String build) {
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-qq", "-o", "/dev/null", "--inject=" + STRACE_SPEC));
        command.add(NativeBuild.dir().resolve("test").resolve(build).toString());
        command.add(listed.toString());
        return ProgramRun.of(command).run();
    }

    @ParameterizedTest
    @ValueSource(strings = {"static/list_dir", "musl-static/list_dir", "musl/list_dir", "go/list_dir"})
    void withoutRulesItListsTheDirectoryAsAlone(String build) {
        ProgramRun.Result alone = ProgramRun.of(NativeBuild.dir().resolve("test").resolve(build).toString(),
                listed.toString()).run();
        ProgramRun.Result loaded = ProgramRun.of(command(build, listed.toString())).env("SYSFAULT_STRICT", "1").run();

        assertThat(alone.stdout()).as(alone.describe()).isEqualTo("5 entries\n");
        assertThat(loaded.exitCode()).as(loaded.describe()).isZero();
        assertThat(loaded.stdout()).as(loaded.describe()).isEqualTo(alone.stdout());
        assertThat(loaded.stderr()).as(loaded.describe()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"static/list_dir", "musl-static/list_dir", "musl/list_dir", "go/list_dir"})
    void underGetdents64EnotsupItFailsAsUnderStraceAndTheTraceShowsTheInjection(String build) throws IOException {
        Path trace = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());
        ProgramRun.Result strace = underStrace(build);
        ProgramRun.Result loaded = ProgramRun.of(command(build, listed.toString()))
                .env("SYSFAULT_RULES", table(SPEC).toString()).env("SYSFAULT_TRACE", trace.toString()).run();

        assertThat(strace.exitCode()).as(strace.describe()).isEqualTo(1);
        assertThat(loaded.exitCode()).as(loaded.describe()).isEqualTo(strace.exitCode());
        assertThat(loaded.stdout()).as(loaded.describe()).isEqualTo(strace.stdout()).isEmpty();
        assertThat(loaded.stderr()).as(loaded.describe()).isEqualTo(strace.stderr());
        List<SyscallEvent> getdents = SyscallTrace.open(trace).events().stream()
                .filter(e -> e.name().equals("getdents64")).toList();
        assertThat(getdents).as(loaded.describe()).isNotEmpty().allMatch(SyscallEvent::injected);
    }

    /** Go runs on several threads from its start; every one of them is created through sysfault-exec's clone. */
    @Test
    void aRuleReachesEveryThreadOfAGoProgram() throws IOException {
        ProgramRun.Result alone = ProgramRun.of(NativeBuild.dir().resolve("test/go/threads_getppid").toString(), "8")
                .run();
        ProgramRun.Result loaded = ProgramRun.of(command("go/threads_getppid", "8"))
                .env("SYSFAULT_RULES", table("getppid:error=EPERM").toString()).run();

        assertThat(alone.stdout()).as(alone.describe()).isEqualTo("8 threads, 8 ok, 0 failed\n");
        assertThat(loaded.exitCode()).as(loaded.describe()).isZero();
        assertThat(loaded.stdout()).as(loaded.describe()).isEqualTo("8 threads, 0 ok, 8 failed\n");
    }

    /**
     * {@code spawn_child} starts Go's {@code list_dir} with posix_spawn (clone onto a new stack, CLONE_VFORK), then
     * with fork and execv: each child's execve comes back through sysfault-exec, so the rule reaches it too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"static/spawn_child", "musl-static/spawn_child", "musl/spawn_child"})
    void aProgramThatALoadedProgramStartsIsCoveredAgain(String build) throws IOException {
        String child = NativeBuild.dir().resolve("test/go/list_dir").toString();
        ProgramRun.Result loaded = ProgramRun.of(command(build, child, listed.toString()))
                .env("SYSFAULT_RULES", table(SPEC).toString()).run();

        assertThat(loaded.exitCode()).as(loaded.describe()).isZero();
        assertThat(loaded.stdout()).as(loaded.describe()).isEqualTo("posix_spawn: exit 1\nfork: exit 1\n");
        assertThat(loaded.stderr()).as(loaded.describe()).isEqualTo(
                ("list_dir: readdirent " + listed + ": operation not supported\n").repeat(2));
    }

    /** A glibc program under LD_PRELOAD that starts a static one: with SYSFAULT_EXEC set, it goes through the loader. */
    @Test
    void aStaticProgramThatAPreloadedProgramStartsGoesThroughTheLoader() throws IOException {
        String child = NativeBuild.dir().resolve("test/static/list_dir").toString();
        ProgramRun.Result run = ProgramRun.of(NativeBuild.program("spawn_child").toString(), child, listed.toString())
                .env("SYSFAULT_RULES", table(SPEC).toString()).env("SYSFAULT_EXEC", NativeBuild.loader().toString())
                .preload(NativeBuild.preload()).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).as(run.describe()).isEqualTo("posix_spawn: exit 1\nfork: exit 1\n");
        assertThat(run.stderr()).as(run.describe()).isEqualTo(
                ("list_dir: " + listed + ": Operation not supported\n").repeat(2));
    }

    /** raw_syscalls (as SyscallUserDispatchTest runs it under the library), linked -static, under sysfault-exec. */
    @ParameterizedTest
    @ValueSource(strings = {"own", "fork", "vfork-exec", "thread", "raw-clone", "sigsys", "blocked", "altstack", "chdir"})
    void withoutRulesAStaticProgramsSignalsClonesAndExecsBehaveAsAlone(String mode) {
        ProgramRun.Result alone = ProgramRun.of(NativeBuild.dir().resolve("test/static/raw_syscalls").toString(), mode)
                .run();
        ProgramRun.Result loaded = ProgramRun.of(command("static/raw_syscalls", mode)).run();

        assertThat(alone.exitCode()).as(alone.describe()).isZero();
        assertThat(loaded.exitCode()).as(loaded.describe()).isZero();
        assertThat(loaded.stdout()).as(loaded.describe()).isEqualTo(alone.stdout()).doesNotContain("errno");
        assertThat(loaded.stderr()).as(loaded.describe()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "own|own code getppid: errno 1\\n",
        "fork|fork child getppid: errno 1\\nparent getppid: errno 1\\n",
        "vfork-exec|own code getppid: errno 1\\nparent getppid: errno 1\\n",
        "thread|thread getppid: errno 1\\n",
        "raw-clone|raw clone child ran: yes\\nparent getppid: errno 1\\n",
        "blocked|all blocked getppid: errno 1\\n"})
    void aRuleReachesEveryThreadAndChildOfAStaticProgram(String mode, String expected) throws IOException {
        ProgramRun.Result loaded = ProgramRun.of(command("static/raw_syscalls", mode))
                .env("SYSFAULT_RULES", table("getppid:error=EPERM").toString()).run();

        assertThat(loaded.exitCode()).as(loaded.describe()).isZero();
        assertThat(loaded.stdout()).as(loaded.describe()).isEqualTo(expected.replace("\\n", "\n"));
    }

    /** Go's os.Executable reads /proc/self/exe, which names sysfault-exec: the program must still find itself. */
    @Test
    void aGoProgramFindsAndRunsItselfAndItsChildIsCoveredToo() throws IOException {
        String program = NativeBuild.dir().resolve("test/go/self_exec").toString();
        ProgramRun.Result alone = ProgramRun.of(program, listed.toString()).run();
        ProgramRun.Result loaded = ProgramRun.of(command("go/self_exec", listed.toString()))
                .env("SYSFAULT_RULES", table(SPEC).toString()).run();

        assertThat(alone.stdout()).as(alone.describe())
                .isEqualTo("executable is itself: true\nchild said \"5 entries\\n\", exit 0\n");
        assertThat(loaded.stdout()).as(loaded.describe()).isEqualTo("executable is itself: true\nchild said"
                + " \"list_dir: readdirent " + listed + ": operation not supported\\n\", exit 1\n");
    }

    /**
     * A musl program runs with libsysfault.so moved out of LD_PRELOAD (musl's loader would load it); a shell script
     * it starts comes back through sysfault-exec, which puts it back for the script's glibc shell and its ls.
     */
    @Test
    void aScriptThatAMuslProgramStartsRunsPreloadedAgain() throws IOException {
        Path script = Files.writeString(dir.resolve("list.sh"), "#!/bin/sh\nexec ls " + listed + "\n");
        script.toFile().setExecutable(true);
        ProgramRun.Result loaded = ProgramRun.of(command("musl/spawn_child", script.toString()))
                .env("SYSFAULT_RULES", table(SPEC).toString()).env("LD_PRELOAD", NativeBuild.library().toString())
                .run();

        assertThat(loaded.stdout()).as(loaded.describe()).isEqualTo("posix_spawn: exit 2\nfork: exit 2\n");
        assertThat(loaded.stderr()).as(loaded.describe()).isEqualTo(
                ("ls: reading directory '" + listed + "': Operation not supported\n").repeat(2));
    }

    /** An execve that would fail (a file without execute permission) fails as it would, not through the loader. */
    @Test
    void aFileThatIsNotExecutableIsRefusedAsAlone() throws IOException {
        Path copy = Files.copy(NativeBuild.dir().resolve("test/static/list_dir"), dir.resolve("list_dir"));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--")); // root too: no x bit
        String program = NativeBuild.dir().resolve("test/static/spawn_child").toString();
        ProgramRun.Result alone = ProgramRun.of(program, copy.toString(), listed.toString()).run();
        ProgramRun.Result loaded = ProgramRun.of(command("static/spawn_child", copy.toString(), listed.toString())).run();

        assertThat(alone.stderr()).as(alone.describe()).contains("Permission denied");
        assertThat(loaded.exitCode()).as(loaded.describe()).isEqualTo(alone.exitCode());
        assertThat(loaded.stdout()).as(loaded.describe()).isEqualTo(alone.stdout());
        assertThat(loaded.stderr()).as(loaded.describe()).isEqualTo(alone.stderr());
    }

    /**
     * A set-user-ID static program that a preloaded one starts is not started through the loader, which would run it
     * without its privileges: it runs as it would, named as not covered.
     */
    @Test
    void aSetUserIdStaticProgramIsNotStartedThroughTheLoaderButNamed() throws IOException {
        Path copy = Files.copy(NativeBuild.dir().resolve("test/static/list_dir"), dir.resolve("list_dir"));
        Files.setAttribute(copy, "unix:mode", 04755);
        ProgramRun.Result run = ProgramRun.of(NativeBuild.program("spawn_child").toString(), copy.toString(),
                listed.toString()).env("SYSFAULT_RULES", table(SPEC).toString())
                .env("SYSFAULT_EXEC", NativeBuild.loader().toString()).preload(NativeBuild.preload()).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).as(run.describe()).isEqualTo("5 entries\nposix_spawn: exit 0\n5 entries\nfork: exit 0\n");
        assertThat(run.stderr()).as(run.describe()).contains(copy + " is statically linked and set-user-ID or set-group-ID");
    }
}
