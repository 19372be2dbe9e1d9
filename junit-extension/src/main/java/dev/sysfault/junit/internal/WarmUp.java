// The test a new worker runs before any real one, so JUnit's classes are loaded by the time the first arrives.
package dev.sysfault.junit.internal;

import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.junit.InjectSyscallFault;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run by the worker's {@code TestRunner.warmUp()} only, by name; not a test of the project. Its test goes the way
 * a faulted test does (a rule table armed around the body, a trace parameter, a temporary directory), with a fault
 * on a call nobody makes here: optional, or it would fail for never firing (and the class archive would not be
 * made).
 */
class WarmUp {

    @Test
    @InjectSyscallFault(syscall = "acct", errno = "EPERM", optional = true)
    void goesTheWayOfAFaultedTest(SyscallTrace trace, @TempDir Path dir) {
        trace.snapshot();
    }
}
