// What a walk found: the files, sorted, and the directories it had to skip.
package dev.sysfault.samples.walk;

import java.nio.file.Path;
import java.util.List;

/** {@code files} and {@code skipped} hold paths relative to the walked directory ({@code ""} is the directory itself). */
public record WalkReport(List<Path> files, List<Skipped> skipped) {

    /** A directory whose entries are missing from the report, and why. */
    public record Skipped(Path directory, String reason) {
    }

    public WalkReport {
        files = files.stream().sorted().toList();
        skipped = List.copyOf(skipped);
    }

    /** Nothing was skipped: the files are all there are. */
    public boolean complete() {
        return skipped.isEmpty();
    }
}
