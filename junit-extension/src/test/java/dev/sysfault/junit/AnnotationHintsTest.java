// An annotation value the DSL refuses is explained with the annotation's elements, never a DSL method or SPEC key.
package dev.sysfault.junit;

import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.junit.fixtures.ElementHintCases;
import java.util.regex.Pattern;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.Event;

class AnnotationHintsTest {

    /** A DSL call ({@code when(1)}) or a SPEC key ({@code short=}) in the hint. */
    private static final Pattern OTHER_WORDS = Pattern.compile("[a-zA-Z]\\(|[a-z_]=[^ ]");

    @Test
    void eachHintNamesAnnotationElements() {
        var events = FixtureRun.of(ElementHintCases.class).results().testEvents();
        events.assertStatistics(s -> s.started(6).failed(6));
        events.assertThatEvents()
                .haveExactly(1, hint("whenZero", "@InjectSyscallFault(when = \"0\")", "write when = \"1\" for the first call"))
                .haveExactly(1, hint("shortenAboveAll", "@InjectSyscallFault(shorten = \"150%\")",
                        "shorten = \"150%\" is outside (0, 1]; write shorten = \"50%\" for half the bytes, or shorten = \"0\""))
                .haveExactly(1, hint("timesNegative", "@InjectSyscallFault(times = \"-1\")",
                        "times = -1: a fault fires at least once; leave times out for no limit"))
                .haveExactly(1, hint("pathOnFsync", "@InjectSyscallFault(path = \"/x\")",
                        "path = \"/x\" needs a syscall with a path argument, and fsync has none; match the"
                                + " descriptor's path with fdPath = \"/x\" instead"))
                .haveExactly(1, hint("twoResults", "@InjectSyscallFault(retval = \"0\")",
                        "errno = \"EIO\" and retval = \"0\"; a call can fail, return a value, be shortened or"
                                + " black-holed, not two of them: write two faults with different when ranges"))
                .haveExactly(1, hint("probabilityAboveOne", "@InjectSyscallFault(probability = \"1.5\")",
                        "probability = 1.5 is outside 0..1; write probability = 0.25 for one call in four"));
    }

    private static Condition<Event> hint(String test, String element, String says) {
        return event(test(test), finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                message(m -> m.startsWith(element) && m.contains(says)
                        && !OTHER_WORDS.matcher(m.substring(m.indexOf(": ") + 2)).find())));
    }
}
