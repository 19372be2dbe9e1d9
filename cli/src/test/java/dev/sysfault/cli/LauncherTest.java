// The `sysfault` script at the top of the project: finds the build under target/, or says to run ci/build.
package dev.sysfault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher runs in a copy of the project's layout: its own script, a jar where the build puts it (empty
 * here: the classes come from this module's target/classes through classpath.txt, since a test runs before
 * the jar is made) and interceptor-native's library. So the test checks the script itself, with the
 * main job as the command.
 */
class LauncherTest {

    private static final Path SCRIPT = Path.of(System.getProperty("basedir", "."), "..", "sysfault")
            .toAbsolutePath().normalize();

    @TempDir
    Path top;

    @Test
    void theLauncherRunsMainWithTheBuildItFinds() throws IOException {
        Path launcher = layout();
        Path target = Files.createDirectories(top.resolve("cli/target"));
        try (OutputStream out = Files.newOutputStream(target.resolve("sysfault-cli-0.1.0-SNAPSHOT.jar"));
                JarOutputStream jar = new JarOutputStream(out)) {
            jar.finish();
        }
        Files.writeString(target.resolve("classpath.txt"), Sysfault.classPath());
        Path native_ = Files.createDirectories(top.resolve("interceptor-native/target/native"));
        Files.createSymbolicLink(native_.resolve("libsysfault.so"), Sysfault.library());
        Path work = Files.createDirectory(top.resolve("work"));

        Sysfault.Result r = Sysfault.program(List.of(launcher.toString(), "run", "--inject", "getdents64:error=ENOTSUP",
                "--trace", "-", "--", "ls")).in(work).run();

        assertThat(r.stderr()).as(r.toString()).startsWith("ls: reading directory '.': Operation not supported\n")
                .containsPattern("\ngetdents64\\(3, 0x[0-9a-f]+, 32768\\) += -1 EOPNOTSUPP \\(Operation not supported\\)"
                        + " \\(INJECTED\\)\n");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void withoutABuildTheLauncherSaysToRunCiBuildAndExits3() throws IOException {
        Path launcher = layout();

        Sysfault.Result r = Sysfault.program(List.of(launcher.toString(), "run", "--", "true")).run();

        assertThat(r.stderr()).as(r.toString())
                .isEqualTo("sysfault: cli/target/sysfault-cli-*.jar is missing;"
                        + " run ci/build first (it installs what is missing and builds sysfault)\n");
        assertThat(r.exitCode()).isEqualTo(3);
    }

    @Test
    void aClassPathEntryThatIsGoneIsAMissingBuildToo() throws IOException {
        Path launcher = layout();
        Path target = Files.createDirectories(top.resolve("cli/target"));
        Files.createFile(target.resolve("sysfault-cli-0.1.0-SNAPSHOT.jar"));
        Files.writeString(target.resolve("classpath.txt"), "/nonexistent/fault-dsl.jar");

        Sysfault.Result r = Sysfault.program(List.of(launcher.toString(), "--help")).run();

        assertThat(r.stderr()).as(r.toString()).contains("/nonexistent/fault-dsl.jar").contains("run ci/build first");
        assertThat(r.exitCode()).isEqualTo(3);
    }

    /** The script, copied to the top of an empty project layout. */
    private Path layout() throws IOException {
        assertThat(SCRIPT).as("the launcher at the top of the project").isExecutable();
        Path copy = top.resolve("sysfault");
        Files.copy(SCRIPT, copy);
        assertThat(copy).isExecutable();
        return copy;
    }
}
