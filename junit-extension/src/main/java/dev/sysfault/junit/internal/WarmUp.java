// The tests a new worker runs before any real one, so JUnit's classes are loaded by the time the first arrives.
package dev.sysfault.junit.internal;

import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.junit.InjectSyscallFault;
import java.nio.file.Path;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run by the worker's {@code TestRunner.warmUp()} and the class archive's training only, by name, each test selected
 * by its unique id as a parent sends one; not a test of the project. Its tests go the ways a faulted test does (a
 * rule table armed around the body, a trace parameter, temporary directories in a field and a parameter), as a plain
 * test and as a template's invocation (a repetition: JUnit's template path, which a {@code @RepeatedTest} or
 * {@code @ParameterizedTest} takes, cost a worker's first repeated test 20 to 50 ms cold), with a fault on a call
 * nobody makes here: optional, or it would fail for never firing (and the class archive would not be made).
 */
class WarmUp {

    @TempDir
    Path dir;

    @Test
    @InjectSyscallFault(syscall = "acct", errno = "EPERM", optional = true)
    void goesTheWayOfAFaultedTest(SyscallTrace trace, @TempDir Path own) {
        trace.snapshot();
    }

    @RepeatedTest(1)
    @InjectSyscallFault(syscall = "acct", errno = "EPERM", optional = true)
    void goesTheWayOfAFaultedRepetition(RepetitionInfo repetition, SyscallTrace trace) {
        trace.snapshot();
    }
}
