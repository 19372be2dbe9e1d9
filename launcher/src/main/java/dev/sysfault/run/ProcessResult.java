// What a program run under faults left: exit status, output, trace and rule counters.
package dev.sysfault.run;

import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.run.internal.RunDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of {@link SyscallFaults#run()}, {@link RunningProgram#stop()} or {@link RunningProgram#await}.
 *
 * <p>{@link #exitCode()} is the status as Java reports it: the program's exit status, or 128 + the signal
 * number if a signal ended it (137 for the SIGKILL of a timeout, 143 for SIGTERM); -1 only if the program
 * could not be reaped at all. stdout and stderr are read when the program exits (output that a
 * background child writes later is not included).
 *
 * <p>{@link #close()} deletes the run's temporary directory (rule table, trace file, output files);
 * otherwise that happens when the JVM exits. The trace is mapped before, so it stays readable after
 * {@code close()} too.
 */
public final class ProcessResult implements AutoCloseable {

    private static final int TAIL_LINES = 20;
    private static final int TAIL_CHARS = 4000;

    private final List<String> command;
    private final long pid;
    private final int exitCode;
    private final boolean timedOut;
    private final Duration timeout;
    private final Duration duration;
    private final byte[] stdout;
    private final byte[] stderr;
    private final SyscallTrace trace;
    private final RuleCounters ruleCounters;
    private final int ruleCount;
    private final RunDirectory dir;

    /** For runners outside this package (a container's); {@link #close()} deletes {@code dir}. */
    // exports: RunDirectory is internal, exported to those runners only; users never make a ProcessResult.
    @SuppressWarnings("exports")
    public ProcessResult(List<String> command, long pid, int exitCode, boolean timedOut, Duration timeout,
            Duration duration, byte[] stdout, byte[] stderr, SyscallTrace trace, RuleCounters ruleCounters,
            int ruleCount, RunDirectory dir) {
        this.command = command;
        this.pid = pid;
        this.exitCode = exitCode;
        this.timedOut = timedOut;
        this.timeout = timeout;
        this.duration = duration;
        this.stdout = stdout;
        this.stderr = stderr;
        this.trace = trace;
        this.ruleCounters = ruleCounters;
        this.ruleCount = ruleCount;
        this.dir = dir;
    }

    public List<String> command() {
        return command;
    }

    /** The pid the program had, as its calls in the trace show it. */
    public long pid() {
        return pid;
    }

    /** The exit status, 128 + signal for a signal, see the class comment. */
    public int exitCode() {
        return exitCode;
    }

    /** The program ran past its timeout and was killed with what it started. */
    public boolean timedOut() {
        return timedOut;
    }

    /** From start to the end of the wait. */
    public Duration duration() {
        return duration;
    }

    /** stdout as UTF-8 (invalid bytes replaced); {@link #stdoutBytes()} has the exact bytes. */
    public String stdout() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    public byte[] stdoutBytes() {
        return stdout.clone();
    }

    public byte[] stderrBytes() {
        return stderr.clone();
    }

    /** Whether {@link #trace()} has a trace: {@link SyscallFaults#trace} was called. */
    public boolean traced() {
        return trace != null;
    }

    /**
     * The calls recorded, by the program and what it started (a live view while any of those still runs).
     *
     * @throws IllegalStateException if the run was not traced
     */
    public SyscallTrace trace() {
        if (trace == null) {
            throw new IllegalStateException("not traced: call trace(TraceOptions) before run() or start(): " + command);
        }
        return trace;
    }

    /** How often each rule matched and fired, read when the program exited; one counter per injected fault, in order. */
    public RuleCounters ruleCounters() {
        return ruleCounters;
    }

    /** Deletes the run's temporary directory; the trace, output and counters stay readable. */
    @Override
    public void close() {
        dir.close();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("command: ").append(command).append(" (pid ").append(pid).append(")\n");
        s.append("exit status: ").append(exitCode);
        if (exitCode > 128 && exitCode < 128 + 65) {
            s.append(" (signal ").append(exitCode - 128).append(" or exit status ").append(exitCode).append(')');
        }
        if (timedOut) {
            s.append(", killed after the timeout of ").append(timeout.toMillis()).append(" ms");
        }
        s.append(", ran ").append(duration.toMillis()).append(" ms");
        if (ruleCount > 0) {
            s.append("\nrules (matched/fired):");
            for (int i = 0; i < ruleCounters.rules().size(); i++) {
                s.append(' ').append(i).append(": ").append(ruleCounters.matched(i)).append('/')
                        .append(ruleCounters.fired(i));
            }
        }
        s.append('\n').append(tail("stdout", stdout())).append(tail("stderr", stderr()));
        return s.toString();
    }

    private static String tail(String name, String text) {
        if (text.isEmpty()) {
            return "--- " + name + ": empty ---\n";
        }
        String tail = text;
        int lines = 0;
        int cut = tail.length();
        for (int i = tail.length() - (tail.endsWith("\n") ? 2 : 1); i >= 0; i--) {
            if (tail.charAt(i) == '\n' && ++lines == TAIL_LINES) {
                cut = i + 1;
                break;
            }
        }
        if (lines < TAIL_LINES) {
            cut = 0;
        }
        cut = Math.max(cut, tail.length() - TAIL_CHARS);
        String shown = tail.substring(cut);
        return "--- " + name + (cut > 0 ? " (last " + shown.length() + " of " + text.length() + " characters)" : "")
                + " ---\n" + shown + (shown.endsWith("\n") ? "" : "\n");
    }
}
