// One explored run: the fault armed, what the program did, and the verdict.
package dev.sysfault.explore;

import java.time.Duration;

/** @param happened what the program did, in a few words ({@link Classification#describe}) */
public record ExploredRun(Candidate candidate, Outcome outcome, String happened, Observation observation,
        Duration time) {
}
