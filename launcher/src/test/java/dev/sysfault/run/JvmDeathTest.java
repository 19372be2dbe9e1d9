// A JVM killed with SIGKILL takes its runs' processes with it, and the next JVM deletes its run directories.
package dev.sysfault.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sysfault.run.programs.RunAndStay;
import dev.sysfault.testsupport.NativeBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmDeathTest {

    @Test
    void aKilledJvmsRunEndsAndItsDirectoryGoesAtTheNextStartButALiveJvmsStays(@TempDir Path tmp) throws Exception {
        Path runs = Files.createDirectory(tmp.resolve("runs"));
        List<Process> jvms = new ArrayList<>();
        try {
            Process killed = jvm(List.of(), runs, tmp.resolve("killed.pids"));
            jvms.add(killed);
            long[] killedPids = pids(tmp.resolve("killed.pids"));
            Path killedRun = onlyRunDirectory(runs);
            Process alive = jvm(List.of(), runs, tmp.resolve("alive.pids"));
            jvms.add(alive);
            long[] alivePids = pids(tmp.resolve("alive.pids"));
            Path aliveRun = runDirectories(runs).stream().filter(dir -> !dir.equals(killedRun)).findFirst()
                    .orElseThrow();

            killed.destroyForcibly();
            killed.waitFor();
            for (long pid : killedPids) {
                DescendantsTest.assertGone(pid);
            }
            assertThat(killedRun).as("nobody could delete it yet").exists();

            Process next = jvm(List.of(), runs, null);
            jvms.add(next);
            assertThat(next.waitFor(120, TimeUnit.SECONDS)).as("the run of true has ended").isTrue();
            assertThat(next.exitValue()).as(output(tmp)).isZero();
            assertThat(killedRun).doesNotExist();
            assertThat(aliveRun).exists();
            for (long pid : alivePids) {
                assertThat(ProcessHandle.of(pid)).as("a live JVM's run goes on").isPresent();
            }
        } finally {
            jvms.forEach(Process::destroyForcibly);
        }
    }

    /** Where pidfd_open is refused (before Linux 5.3, or by a seccomp profile), the supervisor polls its parent. */
    @Test
    void withoutPidfdOpenTheRunEndsWithTheJvmAllTheSame(@TempDir Path tmp) throws Exception {
        Path runs = Files.createDirectory(tmp.resolve("runs"));
        List<String> seccomp = List.of(NativeBuild.program("seccomp_deny").toString(), "pidfd-open");
        Process killed = jvm(seccomp, runs, tmp.resolve("killed.pids"));
        try {
            long[] pids = pids(tmp.resolve("killed.pids"));
            killed.destroyForcibly();
            killed.waitFor();
            for (long pid : pids) {
                DescendantsTest.assertGone(pid);
            }
        } finally {
            killed.destroyForcibly();
        }
    }

    /**
     * A JVM running {@link RunAndStay}, started through {@code wrapper}, with its run directories in {@code runs};
     * its output in tmp's jvm.log.
     */
    private static Process jvm(List<String> wrapper, Path runs, Path pidFile) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + runs, "-cp", classPath(),
                RunAndStay.class.getName()));
        if (pidFile != null) {
            command.add(pidFile.toString());
        }
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runs.resolveSibling("jvm.log").toFile())).start();
    }

    private static long[] pids(Path pidFile) throws IOException {
        return Stream.of(DescendantsTest.awaitFile(pidFile).split(" ")).mapToLong(Long::parseLong).toArray();
    }

    private static Path onlyRunDirectory(Path runs) throws IOException {
        List<Path> dirs = runDirectories(runs);
        assertThat(dirs).hasSize(1);
        return dirs.get(0);
    }

    private static List<Path> runDirectories(Path runs) throws IOException {
        try (Stream<Path> entries = Files.list(runs)) {
            return entries.filter(dir -> dir.getFileName().toString().startsWith("sysfault-run-")).toList();
        }
    }

    private static String output(Path tmp) throws IOException {
        return Files.readString(tmp.resolve("jvm.log"));
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
