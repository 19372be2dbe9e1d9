// A trace file whose header is rewritten while programs open it: they record within the mapping they checked, or not at all.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace file is shared: Java and every process under the library map it. A process checks the
 * header (capacity against the file's length) and then indexes the ring with capacity - 1; reading
 * capacity again from the file after the check let a rewritten header send events past the end of
 * the mapping (SIGSEGV in about one start of sixty while another process flipped it).
 */
class TraceHeaderRaceTest {

    private static final int CAPACITY_OFFSET = 16;
    private static final int STARTS = 600;

    @TempDir
    Path dir;

    private ProgramRun.Result trueWithTrace(Path trace) {
        return ProgramRun.of("true").env("SYSFAULT_TRACE", trace.toString()).env("SYSFAULT_TRACE_EVENTS", "16")
                .env("SYSFAULT_CACHE_DIR", "").preload(List.of(NativeBuild.library())).run();
    }

    @Test
    void aCapacityRewrittenWhileProgramsOpenTheTraceNeverCrashesThem() throws IOException, InterruptedException {
        Path trace = dir.resolve("run.trace");
        ProgramRun.Result first = trueWithTrace(trace);   // makes the file: 16 events, 8192 bytes
        assertThat(first.exitCode()).as(first.describe()).isZero();

        Process writer = new ProcessBuilder(NativeBuild.program("flip_u32").toString(), trace.toString(),
                String.valueOf(CAPACITY_OFFSET), "16", String.valueOf(1 << 24)).redirectErrorStream(true).start();
        List<ProgramRun.Result> failed = new ArrayList<>();
        try {
            for (int i = 0; i < STARTS; i++) {
                ProgramRun.Result run = trueWithTrace(trace);
                if (run.exitCode() != 0) {
                    failed.add(run);
                }
            }
        } finally {
            writer.destroyForcibly();
            writer.waitFor();
        }
        // A start that saw the bad capacity says so and runs unrecorded; none may die.
        assertThat(failed).as("starts of %d that failed", STARTS).isEmpty();
    }
}
