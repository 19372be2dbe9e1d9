// Whether a program a test runs (python3, git) is installed here, so that the test can skip instead of failing.
package dev.sysfault.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Looks a command up on {@code PATH} as a shell would, without running anything. */
public final class InstalledPrograms {

    private InstalledPrograms() {
    }

    /** True when some directory of {@code PATH} holds an executable {@code program}. */
    public static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
