// Waits, with Awaitility, until a live trace shows a call: for programs that are still running.
package dev.sysfault.junit;

import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code TraceAwait.await(trace).atMost(5, SECONDS).untilSyscall("connect")} returns the first
 * {@code connect} as soon as the live trace holds it, and fails after five seconds with the same
 * message an assertion would give (the expected call and the nearest recorded ones).
 *
 * <p>Each poll reads the trace's events anew. {@link #whileAlive(ProcessHandle)} gives up as soon
 * as the program has exited without the call, instead of waiting out the timeout. Settings
 * return a new wait; the {@code until} methods block.
 */
public final class TraceAwait {

    /** How long a wait lasts unless {@link #atMost} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** How often the trace is read unless {@link #pollInterval} says otherwise. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(10);

    private final SyscallTrace trace;
    private final Duration timeout;
    private final Duration pollInterval;
    private final ProcessHandle process;

    private TraceAwait(SyscallTrace trace, Duration timeout, Duration pollInterval, ProcessHandle process) {
        this.trace = trace;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
        this.process = process;
    }

    /** A wait on {@code trace}, which should be a live view of a trace that a program records into. */
    public static TraceAwait await(SyscallTrace trace) {
        return new TraceAwait(Objects.requireNonNull(trace, "trace"), DEFAULT_TIMEOUT, DEFAULT_POLL_INTERVAL, null);
    }

    public TraceAwait atMost(long amount, TimeUnit unit) {
        return atMost(Duration.ofNanos(unit.toNanos(amount)));
    }

    public TraceAwait atMost(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a wait needs a positive timeout, not " + timeout);
        }
        return new TraceAwait(trace, timeout, pollInterval, process);
    }

    public TraceAwait pollInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a poll interval must be positive, not " + interval);
        }
        return new TraceAwait(trace, timeout, interval, process);
    }

    /** Fail at once, not at the timeout, when {@code program} has exited and the trace still lacks the call. */
    public TraceAwait whileAlive(ProcessHandle program) {
        return new TraceAwait(trace, timeout, pollInterval, Objects.requireNonNull(program, "program"));
    }

    /** Fail at once when {@code program} has exited and the trace still lacks the call. */
    public TraceAwait whileAlive(Process program) {
        return whileAlive(program.toHandle());
    }

    /** Waits for a call of the named syscall and returns the first one recorded. */
    public SyscallEvent untilSyscall(String name) {
        return until(SyscallSelection.syscall(name)).get(0);
    }

    /** Waits until {@code selection} picks a call and returns the calls it picks then (one or more). */
    public List<SyscallEvent> until(SyscallSelection selection) {
        return until(selection, 1);
    }

    /** Waits until {@code selection} picks {@code count} calls or more and returns those it picks then. */
    public List<SyscallEvent> until(SyscallSelection selection, int count) {
        Objects.requireNonNull(selection, "selection");
        if (count < 1) {
            throw new IllegalArgumentException("wait for 1 call or more, not " + count);
        }
        AtomicReference<List<SyscallEvent>> found = new AtomicReference<>();
        ConditionFactory wait = Awaitility.await("a trace holds " + count + " × " + selection)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(pollInterval)
                .pollInSameThread();
        try {
            wait.untilAsserted(() -> {
                // the process first: if it had exited, what the trace holds now is all it will hold
                boolean exited = process != null && !process.isAlive();
                SyscallSelectionAssert check = SyscallTraceAssertions.assertThat(trace).calls(selection);
                if (exited) {
                    check.as("after process %d exited", process.pid());
                }
                try {
                    check.atLeast(count);
                } catch (AssertionError notYet) {
                    if (exited) {
                        throw new ProgramExited(notYet);
                    }
                    throw notYet;
                }
                found.set(selection.select(trace.events()));
            });
        } catch (ProgramExited e) {
            throw e.failure;
        } catch (ConditionTimeoutException e) {
            AssertionError failure = new AssertionError("Waited " + timeout.toMillis() + " ms in vain: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
            throw failure;
        }
        return found.get();
    }

    /** Carries the final failure out of Awaitility, which would otherwise retry until the timeout. */
    private static final class ProgramExited extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient AssertionError failure;

        ProgramExited(AssertionError failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }
}
