// Ordinary programs under libsysfault.so: the seed example, and byte-identical output when nothing is injected.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandLineToolsTest {

    @TempDir
    static Path root;
    /** Below a private directory, so that `ls -la .`'s `..` line is not /tmp, which other processes change. */
    static Path dir;

    @BeforeAll
    static void fillDirectory() throws IOException {
        dir = Files.createDirectory(root.resolve("listed"));
        for (int i = 0; i < 5; i++) {
            Files.writeString(dir.resolve("file-" + i + ".txt"), "line one of " + i + "\nline two\n");
        }
        Files.createDirectory(dir.resolve("subdir"));
        Files.write(dir.resolve("binary"), new byte[] {0, 1, 2, (byte) 0xff, '\n', 0x7f});
    }

    @Test
    void lsUnderGetdentsEnotsupPrintsTheSeedExampleMessage() {
        ProgramRun.Result result = ProgramRun.of("ls").in(dir)
                .preload(NativeBuild.preload("getdents_enotsup")).run();

        assertThat(result.stderr()).as(result.describe())
                .isEqualTo("ls: reading directory '.': Operation not supported\n");
        assertThat(result.stdout()).as(result.describe()).isEmpty();
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
    }

    @Test
    void lsWithoutTheHookListsTheDirectory() {
        ProgramRun.Result result = ProgramRun.of("ls").in(dir).run();

        assertThat(result.stdout()).isEqualTo(
                "binary\nfile-0.txt\nfile-1.txt\nfile-2.txt\nfile-3.txt\nfile-4.txt\nsubdir\n");
        assertThat(result.exitCode()).isZero();
    }

    static Stream<Arguments> programsAndPreloads() {
        List<List<String>> programs = List.of(
                List.of("ls"),
                List.of("ls", "-la", "/usr/bin"),
                List.of("ls", "-la", "."),
                List.of("cat", "file-3.txt", "binary"),
                List.of("cat", "/nonexistent/file"),
                List.of("sh", "-c", "for i in 1 2 3; do echo line $i; done; ls / | wc -l; "
                        + "cat file-1.txt | tr a-z A-Z; (exit 4) || echo status $?; "
                        + "echo to-stderr >&2; exit 3"),
                List.of("find", "/usr/share/doc", "-maxdepth", "2"),
                List.of("find", ".", "-name", "*.txt"));
        List<Arguments> arguments = new ArrayList<>();
        for (List<String> program : programs) {
            arguments.add(Arguments.of(program, List.of()));
            arguments.add(Arguments.of(program, List.of("passthrough")));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} with hooks {1}")
    @MethodSource("programsAndPreloads")
    void outputIsByteIdenticalToAPlainRun(List<String> program, List<String> hooks) {
        ProgramRun.Result plain = ProgramRun.of(program).in(dir).run();
        ProgramRun.Result intercepted = ProgramRun.of(program).in(dir)
                .preload(NativeBuild.preload(hooks.toArray(String[]::new))).run();

        assertSameOutcome(intercepted, plain);
    }

    /** env prints its environment, so the runs differ exactly by the LD_PRELOAD line. */
    @Test
    void envPrintsTheSameEnvironmentPlusLdPreload() {
        ProgramRun.Result plain = ProgramRun.of("env").in(dir).run();
        List<Path> preload = NativeBuild.preload("passthrough");
        ProgramRun.Result intercepted = ProgramRun.of("env").in(dir).preload(preload).run();

        String ldPreloadLine = "LD_PRELOAD=" + String.join(" ",
                preload.stream().map(Path::toString).toList());
        List<String> lines = new ArrayList<>(intercepted.stdout().lines().toList());
        assertThat(lines).as(intercepted.describe()).contains(ldPreloadLine);
        lines.remove(ldPreloadLine);
        assertThat(lines).as("env under the interceptor, without its LD_PRELOAD line")
                .containsExactlyElementsOf(plain.stdout().lines().toList());
        assertThat(intercepted.stderr()).isEqualTo(plain.stderr());
        assertThat(intercepted.exitCode()).isEqualTo(plain.exitCode()).isZero();
    }

    static void assertSameOutcome(ProgramRun.Result intercepted, ProgramRun.Result plain) {
        String context = "under the interceptor:\n" + intercepted.describe()
                + "\n\nplain run:\n" + plain.describe();
        assertThat(intercepted.stdoutBytes()).as("stdout; " + context).isEqualTo(plain.stdoutBytes());
        assertThat(intercepted.stderrBytes()).as("stderr; " + context).isEqualTo(plain.stderrBytes());
        assertThat(intercepted.exitCode()).as("exit status; " + context).isEqualTo(plain.exitCode());
    }
}
