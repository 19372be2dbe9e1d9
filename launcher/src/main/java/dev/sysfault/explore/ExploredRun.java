// One explored run: the fault armed, what the program did, and the verdict.
package dev.sysfault.explore;

import java.time.Duration;

/**
 * @param happened what the program did, in a few words ({@link Classification#describe})
 * @param time the whole run as exploration paid for it: preparing, starting, waiting, reading and cleaning up
 */
public record ExploredRun(Candidate candidate, Outcome outcome, String happened, Observation observation,
        Duration time) {
}
