// The body arms and disarms faults itself (InjectedFaults.inject, disarm), and they count and report as annotated ones.
package dev.sysfault.junit;

import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.junit.fixtures.BodyArmingCases;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

class BodyArmingTest {

    @Test
    void faultsArmedInTheBodyFireUntilClosedAndMustFireLikeAnnotatedOnes() {
        Events events = FixtureRun.of(BodyArmingCases.class).results().testEvents();
        events.assertStatistics(s -> s.started(7).succeeded(5).failed(2));
        events.assertThatEvents()
                .haveExactly(1, event(test("breakTheDiskThenReopen"), finishedSuccessfully()))
                .haveExactly(2, event(test("theArgumentsDecideTheFault"), finishedSuccessfully()))
                .haveExactly(1, event(test("optionalMayNotFire"), finishedSuccessfully()))
                .haveExactly(1, event(test("disarmSuspendsTheAnnotatedFault"), finishedSuccessfully()))
                .haveExactly(1, event(test("armedButNeverFired"), finishedWithFailure(
                        instanceOf(AssertionFailedError.class), message(m -> m.startsWith("A fault never fired")
                                && m.contains("the fault fsync:error=EIO armed in the body never fired: it matched"
                                        + " no call.")))))
                .haveExactly(1, event(test("leftArmedAndNeverFired"), finishedWithFailure(
                        instanceOf(AssertionFailedError.class), message(m -> m.contains(
                                "the fault fdatasync:error=EIO armed in the body never fired")))));
    }
}
