// A JVM killed with SIGKILL takes its runs' processes with it, and the next JVM deletes its run directories.
package dev.sysfault.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sysfault.run.programs.RunAndStay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmDeathTest {

    @Test
    void aKilledJvmsRunEndsAndItsDirectoryGoesAtTheNextStartButALiveJvmsStays(@TempDir Path tmp) throws Exception {
        Path runs = Files.createDirectory(tmp.resolve("runs"));
        List<Process> jvms = new ArrayList<>();
        try {
            Process killed = jvm(runs, tmp.resolve("killed.pids"));
            jvms.add(killed);
            long[] killedPids = pids(tmp.resolve("killed.pids"));
            Path killedRun = onlyRunDirectory(runs);
            Process alive = jvm(runs, tmp.resolve("alive.pids"));
            jvms.add(alive);
            long[] alivePids = pids(tmp.resolve("alive.pids"));
            Path aliveRun = runDirectories(runs).stream().filter(dir -> !dir.equals(killedRun)).findFirst().orElseThrow();

            killed.destroyForcibly();
            killed.waitFor();
            for (long pid : killedPids) {
                DescendantsTest.assertGone(pid);
            }
            assertThat(killedRun).as("nobody could delete it yet").exists();

            Process next = jvm(runs, null);
            jvms.add(next);
            assertThat(next.waitFor()).as(output(tmp)).isZero();
            assertThat(killedRun).doesNotExist();
            assertThat(aliveRun).exists();
            for (long pid : alivePids) {
                assertThat(ProcessHandle.of(pid)).as("a live JVM's run goes on").isPresent();
            }
        } finally {
            jvms.forEach(Process::destroyForcibly);
        }
    }

    /** A JVM running {@link RunAndStay} with its run directories in {@code runs}; its output in tmp's jvm.log. */
    private static Process jvm(Path runs, Path pidFile) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
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
