// What a process started under a PreloadEnvironment finds in its environment, and what it records.
package dev.sysfault.run.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreloadEnvironmentTest {

    @TempDir
    Path dir;

    private final Path library = NativeLibrary.path();

    /** What {@code env} prints when {@code builder} starts it (its last word), and its exit code. */
    private record Seen(Map<String, String> variables, String stdout, int exitCode) {
    }

    private static Seen run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                variables.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new Seen(variables, out, exit);
    }

    /** The JVM's environment with what a parent under sysfault (a worker JVM, say) would pass on. */
    private static ProcessBuilder inheriting(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> inherited = builder.environment();
        inherited.put("LD_PRELOAD", "/old/libsysfault.so:libm.so.6");
        inherited.put("SYSFAULT_RULES", "/stale/rules.bin");
        inherited.put("SYSFAULT_TRACE", "/stale/trace.bin");
        inherited.put("SYSFAULT_CONTROL", "/stale/control");
        inherited.put("SYSFAULT_TRACE_EVENTS", "64");
        inherited.put("SYSFAULT_DEBUG", "0");
        return builder;
    }

    @Test
    void aChildGetsTheLibraryFirstItsOwnRulesAndTraceAndTheRestPassesThrough() throws Exception {
        Path rules = dir.resolve("rules");
        RuleTable.compile(List.of()).write(rules);
        Path trace = TraceFile.create(dir.resolve("trace"), TraceOptions.all());
        ControlFile control = ControlFile.create(dir);
        ProcessBuilder builder = inheriting("env");

        PreloadEnvironment.of(library).rules(rules).trace(trace).control(control.path())
                .applyTo(builder.environment());
        Seen seen = run(builder);

        assertThat(seen.exitCode()).as(seen.stdout()).isZero();
        assertThat(seen.variables()).as(seen.stdout())
                .containsEntry("LD_PRELOAD", library + " libm.so.6")
                .containsEntry("SYSFAULT_RULES", rules.toString())
                .containsEntry("SYSFAULT_TRACE", trace.toString())
                .containsEntry("SYSFAULT_CONTROL", control.path().toString())
                .containsEntry("SYSFAULT_DEBUG", "0")
                .doesNotContainKey("SYSFAULT_TRACE_EVENTS");
        assertThat(SyscallTrace.open(trace).stream().map(SyscallEvent::name)).as("what env recorded").contains("write");
    }

    @Test
    void withoutRulesOrTraceAChildHasNoneAndTheCallersEntriesComeFirst() throws Exception {
        ProcessBuilder builder = inheriting("env");

        PreloadEnvironment.of(library).applyTo(builder.environment(),
                Map.of("LD_PRELOAD", "libz.so.1", "GREETING", "hello"));
        Seen seen = run(builder);

        assertThat(seen.exitCode()).as(seen.stdout()).isZero();
        assertThat(seen.variables()).as(seen.stdout())
                .containsEntry("LD_PRELOAD", library + " libz.so.1")
                .containsEntry("GREETING", "hello")
                .doesNotContainKeys("SYSFAULT_RULES", "SYSFAULT_TRACE", "SYSFAULT_TRACE_EVENTS", "SYSFAULT_CONTROL");
    }

    @Test
    void overAnotherEnvironmentItsPreloadFollowsTheLibraryUnlessTheCallerGivesOne() {
        PreloadEnvironment preload = PreloadEnvironment.of(Path.of("/sysfault/libsysfault.so"))
                .rules(Path.of("/sysfault/runs/1/rules"));
        Map<String, String> image = Map.of("LD_PRELOAD", "/usr/lib/libjemalloc.so.2");

        assertThat(preload.over(image::get, Map.of())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "LD_PRELOAD", "/sysfault/libsysfault.so /usr/lib/libjemalloc.so.2",
                "SYSFAULT_RULES", "/sysfault/runs/1/rules"));
        assertThat(preload.over(image::get, Map.of("LD_PRELOAD", "libm.so.6")))
                .containsEntry("LD_PRELOAD", "/sysfault/libsysfault.so libm.so.6");
        assertThat(preload.over(name -> null, Map.of())).containsEntry("LD_PRELOAD", "/sysfault/libsysfault.so");
    }

    @Test
    void aShellThatStagesThePreloadRunsWithoutTheLibraryAndWhatItExecsHasIt() throws Exception {
        Map<String, String> variables = PreloadEnvironment.of(library).over(name -> null, Map.of());
        PreloadEnvironment.stageForShell(variables);
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "echo shell maps $(grep -c libsysfault.so"
                + " /proc/$$/maps) libraries; " + PreloadEnvironment.unstageInShell() + "exec env");
        builder.environment().remove("LD_PRELOAD");
        builder.environment().putAll(variables);

        Seen seen = run(builder);

        assertThat(seen.stdout()).startsWith("shell maps 0 libraries\n");
        assertThat(seen.variables()).as(seen.stdout()).containsEntry("LD_PRELOAD", library.toString());
        assertThat(seen.variables().entrySet().stream().filter(v -> v.getValue().contains(library.toString()))
                .map(Map.Entry::getKey)).as("the library is named once, by LD_PRELOAD: " + seen.stdout())
                .containsExactly("LD_PRELOAD");
    }
}
