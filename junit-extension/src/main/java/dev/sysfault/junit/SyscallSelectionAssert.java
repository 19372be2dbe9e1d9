// Assertions on the calls of a trace that a selection picks: how many there are and in what order.
package dev.sysfault.junit;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

/**
 * {@code assertThat(trace).syscall("openat").withPath("/etc/hosts").failedWith(Errno.ENOENT).once()}.
 *
 * <p>The filter methods ({@code withPath}, {@code failedWith}, {@code inThread}, …) narrow the
 * selection and check nothing; the checks ({@link #once()}, {@link #never()}, {@link #times(int)},
 * {@link #atLeast(int)}, {@link #atMost(int)}, {@link #happenedBefore(SyscallSelection)}) read the
 * trace's events when they run, so on a live trace they see what was recorded up to then. A
 * failure shows the expected call as strace would print it and the recorded calls nearest to it.
 */
public class SyscallSelectionAssert extends AbstractAssert<SyscallSelectionAssert, SyscallTrace> {

    private SyscallSelection selection;

    protected SyscallSelectionAssert(SyscallTrace trace, SyscallSelection selection) {
        super(trace, SyscallSelectionAssert.class);
        this.selection = selection;
    }

    /** The selection as it stands, for a wait or an order check: {@link SyscallSelection}. */
    public SyscallSelection selection() {
        return selection;
    }

    // ---- filters ----

    /** Only calls whose (first) path argument is exactly {@code path}. */
    public SyscallSelectionAssert withPath(String path) {
        selection = selection.withPath(path);
        return myself;
    }

    /** Only calls whose (first) path argument is exactly {@code path}. */
    public SyscallSelectionAssert withPath(Path path) {
        selection = selection.withPath(path);
        return myself;
    }

    /** Only calls whose path argument matches a glob ({@code /data/**}{@code /*.log}). */
    public SyscallSelectionAssert withPathMatching(String glob) {
        selection = selection.withPathMatching(glob);
        return myself;
    }

    /**
     * Only calls on a descriptor whose file matches a glob ({@code **}{@code /app.db-journal}): the path the
     * kernel shows for it in {@code /proc/self/fd}.
     */
    public SyscallSelectionAssert withFdPath(String glob) {
        selection = selection.withFdPath(glob);
        return myself;
    }

    /** Only calls on the file descriptor {@code fd} (their first argument). */
    public SyscallSelectionAssert withFd(int fd) {
        selection = selection.withFd(fd);
        return myself;
    }

    /** Only calls whose argument {@code index} (0..5) was {@code value}. */
    public SyscallSelectionAssert withArg(int index, long value) {
        selection = selection.withArg(index, value);
        return myself;
    }

    /** Only calls whose path pointer could not be read (they got EFAULT). */
    public SyscallSelectionAssert withUnreadablePath() {
        selection = selection.withUnreadablePath();
        return myself;
    }

    /** Only calls whose path was longer than an event holds (148 bytes). */
    public SyscallSelectionAssert withTruncatedPath() {
        selection = selection.withTruncatedPath();
        return myself;
    }

    /** Only calls that failed with {@code errno}. */
    public SyscallSelectionAssert failedWith(Errno errno) {
        selection = selection.failedWith(errno);
        return myself;
    }

    /** Only calls that failed. */
    public SyscallSelectionAssert failed() {
        selection = selection.failed();
        return myself;
    }

    /** Only calls that succeeded. */
    public SyscallSelectionAssert succeeded() {
        selection = selection.succeeded();
        return myself;
    }

    /** Only calls that returned {@code result} (a negative errno for a failure). */
    public SyscallSelectionAssert withResult(long result) {
        selection = selection.withResult(result);
        return myself;
    }

    /** Only calls a rule answered. */
    public SyscallSelectionAssert wasInjected() {
        selection = selection.wasInjected();
        return myself;
    }

    /** Only calls no rule answered. */
    public SyscallSelectionAssert notInjected() {
        selection = selection.notInjected();
        return myself;
    }

    /** Only calls of the thread {@code tid}. */
    public SyscallSelectionAssert inThread(long tid) {
        selection = selection.inThread(tid);
        return myself;
    }

    /** Only calls of the process {@code pid} (any of its threads). */
    public SyscallSelectionAssert inProcess(long pid) {
        selection = selection.inProcess(pid);
        return myself;
    }

    /** Only calls of {@code process} (any of its threads). */
    public SyscallSelectionAssert inProcess(ProcessHandle process) {
        selection = selection.inProcess(process);
        return myself;
    }

    /** Only calls for which {@code test} holds; {@code description} names it in failure messages. */
    public SyscallSelectionAssert matching(String description, Predicate<SyscallEvent> test) {
        selection = selection.matching(description, test);
        return myself;
    }

    // ---- checks ----

    /** Exactly one call was selected. */
    public SyscallSelectionAssert once() {
        return times(1);
    }

    /** No call was selected. */
    public SyscallSelectionAssert never() {
        return times(0);
    }

    /** At least one call was selected. */
    public SyscallSelectionAssert atLeastOnce() {
        return atLeast(1);
    }

    /** Exactly {@code expected} calls were selected. */
    public SyscallSelectionAssert times(int expected) {
        requireCount(expected);
        return check(expected, expected, expected == 0 ? "no call" : "exactly " + calls(expected));
    }

    /** {@code minimum} calls or more were selected. */
    public SyscallSelectionAssert atLeast(int minimum) {
        requireCount(minimum);
        return check(minimum, Integer.MAX_VALUE, "at least " + calls(minimum));
    }

    /** {@code maximum} calls or fewer were selected. */
    public SyscallSelectionAssert atMost(int maximum) {
        requireCount(maximum);
        return check(0, maximum, "at most " + calls(maximum));
    }

    /**
     * Every selected call happened before every call {@code later} selects, in the order the calls
     * were recorded (each call is recorded when it returns), and both selected at least one:
     * {@code assertThat(trace).syscall("fsync").withFd(5).happenedBefore(syscall("rename"))}.
     */
    public SyscallSelectionAssert happenedBefore(SyscallSelection later) {
        return inOrder(selection, later, "before");
    }

    /** Every selected call happened after every call {@code earlier} selects; both selected one at least. */
    public SyscallSelectionAssert happenedAfter(SyscallSelection earlier) {
        return inOrder(earlier, selection, "after");
    }

    /** The selected calls, for any further AssertJ check ({@code .extracting(SyscallEvent::result)}). */
    public ListAssert<SyscallEvent> calls() {
        isNotNull();
        return Assertions.assertThat(selection.select(actual.events()))
                .as("calls of %s", selection);
    }

    private SyscallSelectionAssert check(int minimum, int maximum, String expected) {
        isNotNull();
        TraceSnapshot snapshot = actual.snapshot();
        List<SyscallEvent> events = snapshot.events();
        List<SyscallEvent> selected = selection.select(events);
        int found = selected.size();
        if (found >= minimum && found <= maximum) {
            return myself;
        }
        StringBuilder m = new StringBuilder("Expecting ").append(expected).append(" of\n  ").append(selection)
                .append("\nbut the trace holds ").append(found == 0 ? "none" : found)
                .append(" (of ").append(events.size()).append(" recorded calls)");
        if (found > maximum) {
            m.append(":").append(NearestCalls.lines(selected));
        } else {
            if (found > 0) {
                m.append(":").append(NearestCalls.lines(selected));
            }
            m.append("\n").append(NearestCalls.of(selection, events));
        }
        m.append(lostNote(snapshot));
        throw failure(m.toString());
    }

    private SyscallSelectionAssert inOrder(SyscallSelection first, SyscallSelection then, String word) {
        isNotNull();
        TraceSnapshot snapshot = actual.snapshot();
        List<SyscallEvent> events = snapshot.events();
        SyscallSelection self = selection;
        SyscallSelection other = first == self ? then : first;
        String expected = "Expecting every call of\n  " + self + "\nto happen " + word + " every call of\n  " + other;
        int lastFirst = -1;
        int firstThen = -1;
        for (int i = 0; i < events.size(); i++) {
            if (first.test(events.get(i))) {
                lastFirst = i;
            }
            if (firstThen < 0 && then.test(events.get(i))) {
                firstThen = i;
            }
        }
        for (SyscallSelection s : List.of(self, other)) {
            if ((s == first ? lastFirst : firstThen) < 0) {
                throw failure(expected + "\nbut the trace holds no call of\n  " + s + "\n(of "
                        + events.size() + " recorded calls)\n" + NearestCalls.of(s, events) + lostNote(snapshot));
            }
        }
        if (lastFirst < firstThen) {
            return myself;
        }
        throw failure(expected + "\nbut\n  " + Events.line(events.get(firstThen)) + "\nhappened before\n  "
                + Events.line(events.get(lastFirst)) + "\n(recorded calls " + (firstThen + 1) + " and "
                + (lastFirst + 1) + " of " + events.size() + ")" + lostNote(snapshot));
    }

    private static String lostNote(TraceSnapshot snapshot) {
        long lost = snapshot.lost();
        return lost == 0 ? "" : "\nNote: the trace lost " + lost + (lost == 1 ? " event" : " events")
                + ", so calls may be missing from it (" + (snapshot.lostForWantOfCapacity() ? "a larger capacity keeps"
                        + " them" : snapshot.lostInWords()) + ")";
    }

    /** AssertJ's failure (with the assertion's description and overriding message), never formatting the text. */
    private AssertionError failure(String message) {
        return failure("%s", message);
    }

    private static String calls(int n) {
        return n + (n == 1 ? " call" : " calls");
    }

    private static void requireCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a number of calls cannot be negative: " + n);
        }
    }
}
