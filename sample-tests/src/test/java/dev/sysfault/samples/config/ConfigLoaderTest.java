// The loader takes the file's settings over the defaults, uses the defaults when the file is missing,
// and refuses a file it cannot read rather than quietly running with the defaults.
package dev.sysfault.samples.config;

import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.junit.InjectSyscallFault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    Path file;

    @BeforeEach
    void writeTheConfiguration() throws IOException {
        file = Files.writeString(dir.resolve("app.properties"), "server.port=9090\nlog.level=DEBUG\n");
    }

    @Test
    void theFileOverridesTheDefaults() throws IOException {
        Config config = ConfigLoader.load(file);

        assertThat(config.source()).isEqualTo(Config.Source.FILE);
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.logLevel()).isEqualTo("DEBUG");
        assertThat(config.workerThreads()).isEqualTo(4);
    }

    @Test
    @InjectSyscallFault(syscall = "openat", errno = "ENOENT", path = "**/app.properties")
    void aMissingFileMeansTheDefaults(SyscallTrace trace) throws IOException {
        Config config = ConfigLoader.load(file);

        assertThat(config.source()).isEqualTo(Config.Source.DEFAULTS);
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.logLevel()).isEqualTo("INFO");
        assertThat(trace).syscall("openat").withPath(file).failedWith(Errno.ENOENT).once();
    }

    @Test
    @InjectSyscallFault(syscall = "openat", errno = "EACCES", path = "**/app.properties")
    void aFileThatCannotBeOpenedIsAnErrorNotTheDefaults(SyscallTrace trace) {
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read the configuration")
                .hasMessageContaining("AccessDeniedException");
        assertThat(trace).syscall("openat").withPath(file).failedWith(Errno.EACCES).once();
    }

    @Test
    @InjectSyscallFault(syscall = "read", errno = "EIO", fdPath = "**/app.properties")
    void aFileThatCannotBeReadIsAnErrorNotTheDefaults(SyscallTrace trace) {
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Input/output error");
        assertThat(trace).syscall("read").wasInjected().failedWith(Errno.EIO).once();
    }
}
