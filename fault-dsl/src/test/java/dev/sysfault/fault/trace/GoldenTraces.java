// Compares a trace file with its expected strace lines (NAME.strace) and, when present, its summary (NAME.summary).
package dev.sysfault.fault.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

final class GoldenTraces {

    static final Path TEST_RESOURCES = Path.of(System.getProperty("sysfault.source.dir", "."))
            .resolve("src/test/resources");

    private GoldenTraces() {
    }

    /** The .trace files in {@code dir}, by name; none when it does not exist. */
    static List<Path> traces(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".trace")).sorted().toList();
        }
    }

    static Path sibling(Path trace, String extension) {
        return trace.resolveSibling(trace.getFileName().toString().replaceFirst("\\.trace$", extension));
    }

    static void check(Path trace) throws IOException {
        List<SyscallEvent> events = SyscallTrace.open(trace).events();
        Path strace = sibling(trace, ".strace");
        assumeThat(strace).as("expected printer output next to %s (its writer has not made it yet)", trace).exists();
        assertThat(StracePrinter.print(events)).as("lines of %s", trace).isEqualTo(Files.readString(strace));
        Path summary = sibling(trace, ".summary");
        if (Files.exists(summary)) {
            assertThat(TraceSummary.of(events)).as("summary of %s", trace).hasToString(Files.readString(summary));
        }
    }
}
