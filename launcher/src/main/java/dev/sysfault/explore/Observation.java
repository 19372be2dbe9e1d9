// What one run of a program showed, as much as classifying it needs.
package dev.sysfault.explore;

import java.util.Arrays;

/**
 * @param exitCode as {@link dev.sysfault.run.ProcessResult#exitCode()} reports it: 128 + N for signal N
 * @param fired how often the armed fault fired (0 for the fault-free run)
 */
public record Observation(int exitCode, boolean timedOut, byte[] stdout, byte[] stderr, long fired) {

    public Observation {
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    boolean sameStdout(Observation other) {
        return Arrays.equals(stdout, other.stdout);
    }

    /** A signal ended the program: an exit status from 129 to 192, as the shell reads it. */
    boolean killedBySignal() {
        return !timedOut && exitCode > 128 && exitCode <= 128 + 64;
    }

    /** The first line on stderr, shortened, for a finding's "what happened". */
    String firstStderrLine() {
        String text = new String(stderr, java.nio.charset.StandardCharsets.UTF_8).strip();
        String line = text.lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }
}
