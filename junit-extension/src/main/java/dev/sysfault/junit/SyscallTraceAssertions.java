// The one entry point of the trace assertions, to import statically beside AssertJ's Assertions.
package dev.sysfault.junit;

import dev.sysfault.fault.trace.SyscallTrace;

/**
 * {@code import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;} (and
 * {@code SyscallSelection.syscall} for order checks), then
 * <pre>{@code
 * assertThat(trace).hasNoLostEvents();
 * assertThat(trace).syscall("openat").withPath("/etc/hosts").failedWith(Errno.ENOENT).once();
 * assertThat(trace).syscall("fsync").withFd(5).happenedBefore(syscall("rename").withPath(wal));
 * }</pre>
 * The name {@code assertThat} overloads AssertJ's, so both static imports live side by side.
 */
public final class SyscallTraceAssertions {

    private SyscallTraceAssertions() {
    }

    public static SyscallTraceAssert assertThat(SyscallTrace trace) {
        return new SyscallTraceAssert(trace);
    }
}
