// Every failure reading the configuration can meet, found by exploration: the loader never runs on the defaults by mistake.
package dev.sysfault.samples.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import dev.sysfault.junit.ExploreSyscallFaults;
import dev.sysfault.junit.ExploredFault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderExplorationTest {

    @TempDir
    Path dir;

    Path file;

    @BeforeEach
    void writeTheConfiguration() throws IOException {
        file = Files.writeString(dir.resolve("app.properties"), "server.port=9090\nlog.level=DEBUG\n");
    }

    /** An IOException is the loader's way to refuse; what it must never do is load the defaults over a file it saw. */
    @ExploreSyscallFaults(path = "app.properties", fdPath = "app.properties", expect = IOException.class)
    void theFilesSettingsOrAnError(ExploredFault fault) throws IOException {
        Config config = ConfigLoader.load(file);

        if (fault.errno().equals(Optional.of(Errno.ENOENT))) {
            assertThat(config.source()).as("a file reported missing is a fresh install").isEqualTo(Config.Source.DEFAULTS);
        } else {
            assertThat(config.source()).isEqualTo(Config.Source.FILE);
            assertThat(config.port()).isEqualTo(9090);
        }
    }
}
