// The golden trace that fault-dsl's reader is tested on must be what the C recorder writes, byte for byte.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trace_golden_writer} records a fixed set of calls with the library's own recorder. If
 * the recorder changes the bytes it writes, this test fails until the golden file in fault-dsl is
 * regenerated (-Dsysfault.golden.update=true) and fault-dsl's printer test agrees with it again.
 */
class TraceGoldenTest {

    private static final Path GOLDEN = Path.of(System.getProperty("sysfault.source.dir", "."))
            .resolve("../fault-dsl/src/test/resources/golden-traces/calls.trace").normalize();

    @TempDir
    Path dir;

    @Test
    void theRecorderWritesTheGoldenTraceExactly() throws IOException {
        Path written = dir.resolve("calls.trace");
        ProgramRun.Result run = ProgramRun.of(NativeBuild.program("trace_golden_writer").toString(),
                written.toString()).run();
        assertThat(run.exitCode()).as(run.describe()).isZero();

        if (Boolean.getBoolean("sysfault.golden.update")) {
            Files.copy(written, GOLDEN, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(Files.readAllBytes(written)).as("bytes of %s", GOLDEN).isEqualTo(Files.readAllBytes(GOLDEN));
    }
}
