// Every process a run starts belongs to it, double-forked ones included, and the command sees no one in between.
package dev.sysfault.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.TraceOptions;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescendantsTest {

    /** The W2: bash ignores SIGTERM, and the double-forked sleep has left bash's tree. */
    @Test
    void aTimeoutKillsADoubleForkedProcessOfACommandThatIgnoresSigterm(@TempDir Path tmp) throws Exception {
        Path pidFile = tmp.resolve("daemon.pid");
        try (RunningProgram program = SyscallFaults.command("bash", "-c",
                "(sleep 120 & echo $! $BASHPID > \"$0.tmp\"; mv \"$0.tmp\" \"$0\"); trap '' TERM;"
                        + " while :; do sleep 1; done",
                pidFile.toString()).start()) {
            String[] pids = awaitFile(pidFile).split(" ");
            long daemon = Long.parseLong(pids[0]);
            long subshell = Long.parseLong(pids[1]);
            // orphaned: the subshell that started it has exited
            await().atMost(Duration.ofSeconds(60)).until(() -> ProcessHandle.of(daemon).flatMap(ProcessHandle::parent)
                    .map(ProcessHandle::pid).orElse(subshell) != subshell);

            ProcessResult result = program.await(Duration.ofNanos(1));
            assertThat(result.timedOut()).isTrue();
            assertThat(result.exitCode()).isEqualTo(137);
            assertGone(daemon);
        }
    }

    @Test
    void aCommandThatEndsTakesWhatItLeftBehindWithIt(@TempDir Path tmp) throws Exception {
        Path pidFile = tmp.resolve("daemon.pid");
        try (ProcessResult result = SyscallFaults.command("sh", "-c",
                "(sleep 120 & echo $! > \"$0.tmp\"; mv \"$0.tmp\" \"$0\"); exit 3", pidFile.toString()).run()) {
            assertThat(result.exitCode()).isEqualTo(3);
            assertGone(Long.parseLong(Files.readString(pidFile).trim()));
        }
    }

    @Test
    void theCommandGetsTheSignalsSentToTheSupervisor() throws Exception {
        try (RunningProgram program = SyscallFaults.command("sh", "-c",
                "trap 'echo got USR1; exit 9' USR1; echo up; while :; do sleep 0.1; done").start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> program.stdoutSoFar().equals("up\n"));
            long supervisor = program.toHandle().parent().orElseThrow().pid();
            assertThat(supervisor).isNotEqualTo(program.pid());
            Process kill = new ProcessBuilder("kill", "-USR1", Long.toString(supervisor)).start();
            assertThat(kill.waitFor()).isZero();
            ProcessResult result = program.await();
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(9);
            assertThat(result.stdout()).isEqualTo("up\ngot USR1\n");
        }
    }

    @Test
    void aCommandKilledByASignalIsReportedSo() {
        try (ProcessResult result = SyscallFaults.command("sh", "-c", "kill -USR2 $$").run()) {
            assertThat(result.exitCode()).isEqualTo(128 + 12);
        }
    }

    /**
     * The supervisor dies by the command's signal, so that Java sees 128+N, but leaves no core file: the command
     * decided against its own. Core files go to the working directory here (core_pattern "core"), and the JVM
     * is allowed them; elsewhere there is nothing to see.
     */
    @Test
    void aCommandThatCrashesWithoutACoreLeavesNoCoreOfTheSupervisor(@TempDir Path tmp) throws Exception {
        String pattern = Files.readString(Path.of("/proc/sys/kernel/core_pattern")).strip();
        assumeThat(pattern).as("core_pattern names a file in the working directory").matches("[^|/%]+");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder("sh", "-c", "ulimit -c unlimited && exec \"$@\"", "sh", java, "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                dev.sysfault.run.programs.RunOnce.class.getName(), "sh", "-c", "ulimit -c 0; kill -SEGV $$")
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("jvm.log").toFile())
                .start();
        assertThat(jvm.waitFor(120, TimeUnit.SECONDS)).as("the JVM has ended").isTrue();
        assertThat(jvm.exitValue()).as(Files.readString(tmp.resolve("jvm.log"))).isEqualTo(128 + 11);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("jvm.log");
        }
    }

    @Test
    void aMissingProgramFailsTheStartAsProcessBuilderWould(@TempDir Path tmp) throws Exception {
        Path notExecutable = Files.writeString(tmp.resolve("data"), "not a program\n");
        assertThatThrownBy(() -> SyscallFaults.command("no-such-program-anywhere", "x").start())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(
                        "Cannot run program \"no-such-program-anywhere\": error=2, No such file or directory");
        assertThatThrownBy(() -> SyscallFaults.command(notExecutable.toString()).start())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("error=13, Permission denied");
    }

    @Test
    void theTraceHoldsNoCallOfTheSupervisorAndPidIsTheCommands() {
        try (RunningProgram program = SyscallFaults.command("sh", "-c", "exit 0").trace(TraceOptions.all()).start()) {
            long supervisor = program.toHandle().parent().orElseThrow().pid();
            ProcessResult result = program.await();
            assertThat(result.pid()).isEqualTo(program.pid()).isNotEqualTo(supervisor);
            assertThat(result.trace().events()).extracting(SyscallEvent::pid)
                    .contains((int) program.pid()).doesNotContain((int) supervisor);
        }
    }

    /** The content of a file that is written whole under another name and renamed (so complete once it exists). */
    static String awaitFile(Path file) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file));
        try {
            return Files.readString(file).trim();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bound is generous and not what is measured: a killed process is gone as soon as it is reaped. */
    static void assertGone(long pid) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> ProcessHandle.of(pid).map(ProcessTree::exited).orElse(true));
    }
}
