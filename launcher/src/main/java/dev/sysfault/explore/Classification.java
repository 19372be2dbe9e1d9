// Decides the outcome of an explored run by comparing it with the fault-free run.
package dev.sysfault.explore;

import dev.sysfault.fault.internal.SignalTable;

/** The rules of issue 15 for a program: crash, hang, silent, reported, recovered, or a fault that never fired. */
public final class Classification {

    private Classification() {
    }

    /**
     * The outcome of {@code run} against the fault-free {@code baseline}. When {@code stdoutVaries} (the two
     * fault-free runs printed different things), a changed stdout proves nothing, so a quiet exit 0 counts as
     * recovered.
     */
    public static Outcome of(Observation run, Observation baseline, boolean stdoutVaries) {
        if (run.fired() == 0) {
            return Outcome.NOT_FIRED;
        }
        if (run.timedOut()) {
            return Outcome.HANG;
        }
        if (run.killedBySignal()) {
            return Outcome.CRASH;
        }
        if (run.exitCode() != 0 || run.stderr().length > 0) {
            return Outcome.REPORTED;
        }
        return run.sameStdout(baseline) || stdoutVaries ? Outcome.RECOVERED : Outcome.SILENT;
    }

    /** What happened, in a few words: {@code killed by SIGSEGV}, {@code exit 1: cp: error writing 'b'}. */
    public static String describe(Outcome outcome, Observation run) {
        return switch (outcome) {
            case CRASH -> "killed by " + SignalTable.name(run.exitCode() - 128);
            case HANG -> "still running at the timeout";
            case SILENT -> "exit 0, nothing on stderr, and stdout (" + run.stdout().length
                    + " bytes) differs from the fault-free run's";
            case REPORTED -> "exit " + run.exitCode()
                    + (run.stderr().length > 0 ? ": " + run.firstStderrLine() : "");
            case RECOVERED -> "exit 0, same stdout";
            case NOT_FIRED -> "the fault never fired";
        };
    }
}
