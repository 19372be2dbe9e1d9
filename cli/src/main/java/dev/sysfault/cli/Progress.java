// The progress line of `sysfault explore` on stderr, only when stderr is a terminal.
package dev.sysfault.cli;

import dev.sysfault.explore.CommandExploration;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

final class Progress {

    private Progress() {
    }

    /** A line rewritten in place after each run, or nothing when stderr goes to a file or a pipe. */
    static CommandExploration.Progress onTerminal(PrintStream err) {
        if (!stderrIsATerminal()) {
            return (done, planned, findings, elapsed) -> { };
        }
        return (done, planned, findings, elapsed) -> {
            long left = done == 0 ? 0 : elapsed.toMillis() * (planned - done) / done;
            err.print("\r\033[Ksysfault explore: " + done + " of " + planned + " runs, " + findings
                    + (findings == 1 ? " finding" : " findings") + ", about " + Duration.ofMillis(left).toSeconds()
                    + "s left" + (done == planned ? "\n" : ""));
            err.flush();
        };
    }

    /** What the kernel says descriptor 2 is: a pseudo-terminal or a console. */
    static boolean stderrIsATerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
