// Fault exploration: finds the failures a program mishandles, without being told which to try.
/**
 * Fault exploration for any program, on top of {@code dev.sysfault.run}. {@link dev.sysfault.explore.CommandExploration}
 * records the command twice without faults, turns the calls that act on a file or socket into failure points
 * ({@link dev.sysfault.explore.FailurePoints}), plans one SPEC per point, errno, occurrence and mode within a budget
 * ({@link dev.sysfault.explore.ExplorationPlan}), runs each and classifies what the program did
 * ({@link dev.sysfault.explore.Classification}: crash, hang, silent, reported, recovered). The command line's
 * {@code sysfault explore} drives it; the plan and the classification are meant for the JUnit side too.
 * docs/exploration.md says how it works and which failing calls run before they fail.
 */
package dev.sysfault.explore;
