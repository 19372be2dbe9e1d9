// What a program did when an explored fault was armed: the verdict of one run.
package dev.sysfault.explore;

import java.util.Locale;

/** The outcome of one explored run; {@link #mishandled()} ones are findings. */
public enum Outcome {
    /** Killed by a signal. */
    CRASH,
    /** Still running when the per-run timeout ran out. */
    HANG,
    /** Exit 0, nothing on stderr, and stdout differs from the fault-free run's: the error was lost. */
    SILENT,
    /** A non-zero exit status or a message on stderr. */
    REPORTED,
    /** Exit 0 and the same stdout as the fault-free run. */
    RECOVERED,
    /** The fault matched no call or never fired: the run says nothing about the program. */
    NOT_FIRED;

    public boolean mishandled() {
        return this == CRASH || this == HANG || this == SILENT;
    }

    /** As the table prints it: {@code crash}, {@code not-fired}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
