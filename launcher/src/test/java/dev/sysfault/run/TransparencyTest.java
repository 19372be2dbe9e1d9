// With no rule, a program under SyscallFaults prints exactly what it prints without: real programs, byte for byte.
package dev.sysfault.run;

import static dev.sysfault.testsupport.InstalledPrograms.onPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sysfault.run.internal.NativeLibrary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransparencyTest {

    /** Fixed, so that git's commit hashes and outputs do not depend on the clock or the user's settings. */
    private static final Map<String, String> ENV = Map.of("LC_ALL", "C", "GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z",
            "GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z", "GIT_CONFIG_GLOBAL", "/dev/null",
            "GIT_CONFIG_NOSYSTEM", "1");

    @TempDir
    Path tmp;

    @Test
    void theLibraryIsPreloadedEvenWithoutFaultsOrTrace() {
        try (ProcessResult r = SyscallFaults.command("sh", "-c", "echo \"$LD_PRELOAD\"; grep -c libsysfault.so /proc/self/maps"
                + " >/dev/null && echo mapped; echo \"rules=${SYSFAULT_RULES-unset} trace=${SYSFAULT_TRACE-unset}\"")
                .run()) {
            assertThat(r.stdout()).as(r.toString())
                    .isEqualTo(NativeLibrary.path() + "\nmapped\nrules=unset trace=unset\n");
            assertThat(r.exitCode()).isZero();
        }
    }

    @Test
    void lsOfUsrBin() throws Exception {
        assertSameAsPlain(null, null, "ls", "-la", "/usr/bin");
    }

    @Test
    void catOfStdin() throws Exception {
        byte[] input = new byte[200_000];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i * 31 + i / 7);
        }
        Path file = Files.write(tmp.resolve("input"), input);
        PlainRun.Output plain = PlainRun.run(List.of("cat"), null, ENV, file);
        try (ProcessResult faulted = SyscallFaults.command("cat").env(ENV).stdin(input).run()) {
            assertThat(faulted.stdoutBytes()).isEqualTo(plain.stdout()).isEqualTo(input);
            assertThat(faulted.exitCode()).isEqualTo(plain.exitCode()).isZero();
        }
        try (ProcessResult fromFile = SyscallFaults.command("cat").env(ENV).stdin(file).run()) {
            assertThat(fromFile.stdoutBytes()).isEqualTo(input);
        }
    }

    @Test
    void shWithBothStreamsAndAnExitStatus() throws Exception {
        assertSameAsPlain(null, null, "sh", "-c", "echo out; echo err >&2; ls /nonexistent; for i in 1 2 3; do"
                + " echo $i; done | sort -r; exit 3");
    }

    @Test
    void gitInitAndCommit() throws Exception {
        // the same directory for both runs: git prints its path
        Path repo = tmp.resolve("repo");
        List<List<String>> steps = List.of(List.of("git", "init"),
                List.of("git", "-c", "user.name=t", "-c", "user.email=t@e", "commit", "--allow-empty", "-m", "m"),
                List.of("git", "log", "--format=%H %an %s"));
        List<PlainRun.Output> plain = new java.util.ArrayList<>();
        Files.createDirectory(repo);
        for (List<String> step : steps) {
            plain.add(PlainRun.run(step, repo, ENV, null));
        }
        deleteTree(repo);
        Files.createDirectory(repo);
        for (int i = 0; i < steps.size(); i++) {
            try (ProcessResult faulted = SyscallFaults.command(steps.get(i)).directory(repo).env(ENV).run()) {
                assertSame(plain.get(i), faulted);
            }
        }
        assertThat(new String(plain.get(2).stdout(), StandardCharsets.UTF_8)).endsWith(" t m\n");
    }

    @Test
    void python() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not installed");
        assertSameAsPlain(null, null, "python3", "-c", "print(1)");
    }

    @Test
    void javaVersion() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertSameAsPlain(null, null, java, "-version");
    }

    private void assertSameAsPlain(Path directory, Path stdin, String... command) throws Exception {
        PlainRun.Output plain = PlainRun.run(List.of(command), directory, ENV, stdin);
        SyscallFaults faults = SyscallFaults.command(command).env(ENV);
        if (directory != null) {
            faults.directory(directory);
        }
        if (stdin != null) {
            faults.stdin(stdin);
        }
        try (ProcessResult faulted = faults.run()) {
            assertSame(plain, faulted);
        }
    }

    private static void assertSame(PlainRun.Output plain, ProcessResult faulted) {
        assertThat(faulted.stdout()).as(faulted.toString())
                .isEqualTo(new String(plain.stdout(), StandardCharsets.UTF_8));
        assertThat(faulted.stdoutBytes()).isEqualTo(plain.stdout());
        assertThat(faulted.stderr()).as(faulted.toString())
                .isEqualTo(new String(plain.stderr(), StandardCharsets.UTF_8));
        assertThat(faulted.stderrBytes()).isEqualTo(plain.stderr());
        assertThat(faulted.exitCode()).as(faulted.toString()).isEqualTo(plain.exitCode());
        assertThat(faulted.timedOut()).isFalse();
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
