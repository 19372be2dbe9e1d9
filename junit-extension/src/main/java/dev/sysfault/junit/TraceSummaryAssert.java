// Assertions on a trace's per-syscall counts (strace -c's table): calls, errors, injected faults.
package dev.sysfault.junit;

import dev.sysfault.fault.trace.TraceSummary;
import org.assertj.core.api.AbstractAssert;

/**
 * {@code assertThat(trace).summary().hasCalls("fsync", 3).hasErrors("fsync", 1).hasInjected("fsync", 1)};
 * a failure shows the whole table.
 */
public class TraceSummaryAssert extends AbstractAssert<TraceSummaryAssert, TraceSummary> {

    protected TraceSummaryAssert(TraceSummary summary) {
        super(summary, TraceSummaryAssert.class);
    }

    /** {@code syscall} was recorded {@code calls} times. */
    public TraceSummaryAssert hasCalls(String syscall, long calls) {
        return hasCount(syscall, "calls", actual == null ? 0 : actual.row(syscall).calls(), calls);
    }

    /** {@code errors} calls of {@code syscall} failed. */
    public TraceSummaryAssert hasErrors(String syscall, long errors) {
        return hasCount(syscall, "errors", actual == null ? 0 : actual.row(syscall).errors(), errors);
    }

    /** A rule fired for {@code injected} calls of {@code syscall}. */
    public TraceSummaryAssert hasInjected(String syscall, long injected) {
        return hasCount(syscall, "injected faults", actual == null ? 0 : actual.row(syscall).injected(), injected);
    }

    /** No recorded call failed. */
    public TraceSummaryAssert hasNoErrors() {
        return hasCount("any syscall", "errors", actual == null ? 0 : actual.total().errors(), 0);
    }

    private TraceSummaryAssert hasCount(String syscall, String what, long found, long expected) {
        isNotNull();
        if (found != expected) {
            throw failure("%s", "Expecting " + expected + " " + what + " of " + syscall + " but the trace has "
                    + found + ":\n" + actual);
        }
        return myself;
    }
}
