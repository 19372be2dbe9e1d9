// The command line runs from a module path too: the module descriptors hold, and libsysfault.so is found there.
package dev.sysfault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * A user who puts sysfault on a module path gets the modules' {@code module-info} as written: what each requires
 * must be there (the launcher's {@code sun.misc.Signal} needs {@code jdk.unsupported}), and the library, a resource
 * of the interceptor's jar, must be visible to the launcher (it requires that module). No {@code sysfault.library}
 * here: the library comes from the module, extracted into the trusted cache, as a user's would.
 */
class ModulePathTest {

    @Test
    void theCommandLineRunsAsAModule() {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-p", modulePath(),
                "-m", "dev.sysfault.cli/dev.sysfault.cli.Main", "run", "--inject", "getdents64:error=ENOTSUP",
                "--", "ls", "/");
        Sysfault.Result result = Sysfault.program(command).run();
        assertThat(result.stderr()).as(result.toString())
                .contains("ls: reading directory '/': Operation not supported");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    }

    /** The class path's named modules (a module-info.class at the top): sysfault's and the test libraries'. */
    private static String modulePath() {
        List<String> modules = new ArrayList<>();
        for (String entry : Sysfault.classPath().split(File.pathSeparator)) {
            if (isNamedModule(Path.of(entry))) {
                modules.add(entry);
            }
        }
        assertThat(modules).as("sysfault's modules on the class path").anyMatch(m -> m.contains("cli"))
                .anyMatch(m -> m.contains("interceptor-native"));
        return String.join(File.pathSeparator, modules);
    }

    private static boolean isNamedModule(Path entry) {
        if (Files.isDirectory(entry)) {
            return Files.isRegularFile(entry.resolve("module-info.class"));
        }
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return false;
        }
        try (ZipFile jar = new ZipFile(entry.toFile())) {
            return jar.getEntry("module-info.class") != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
