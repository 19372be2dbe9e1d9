// Runs a command under faults in the foreground: it reads and writes sysfault's own stdin, stdout and stderr.
package dev.sysfault.cli;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.internal.UserInput;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.RunningProgram;
import dev.sysfault.run.internal.SignalHandlers;
import dev.sysfault.run.SyscallFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link SyscallFaults} with {@code inheritIO()}: the command gets file descriptors 0, 1 and 2 themselves, so
 * nothing stands between it and the terminal or pipe (a program that checks isatty, streams, or reads its
 * input behaves as when run directly). While it runs, SIGINT and SIGQUIT are ignored here (the terminal
 * sends them to the command as well, and the command decides what they do) and SIGTERM and SIGHUP are
 * passed on to it as SIGTERM. At the timeout it gets SIGTERM, as from {@code timeout(1)}, and SIGKILL
 * {@link RunningProgram#STOP_GRACE} later.
 */
final class ForegroundCommand {

    /** The errno and its text in the message of an IOException from ProcessBuilder.start, JDK 17's or 21's. */
    private static final Pattern JAVA_EXEC_ERROR = Pattern.compile("error=(\\d+), (.*)|error: (\\d+) \\((.*)\\)");

    /** How the command ended. {@code exitCode} is its status, 128+N when signal N killed it. */
    record Outcome(int exitCode, boolean timedOut, Optional<SyscallTrace> trace, RuleCounters counters) {
    }

    /** The command could not be started: {@code exitCode} 127 (not found) or 126 (found, not runnable). */
    static final class NotStarted extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        NotStarted(int exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    /** Longer than anything will run; {@link Process#waitFor} takes nanoseconds in a long. */
    private static final Duration UNLIMITED = Duration.ofNanos(Long.MAX_VALUE);

    private ForegroundCommand() {
    }

    /**
     * Runs {@code command} to its end, or to the timeout and then stops it.
     *
     * @throws dev.sysfault.fault.FaultSpecException if the faults cannot be compiled (nothing ran)
     * @throws NotStarted if there is no such program, or it cannot be executed
     */
    static Outcome run(List<String> command, List<Fault> faults, Optional<TraceOptions> recording,
            Optional<Duration> timeout) throws NotStarted, InterruptedException {
        SyscallFaults builder = SyscallFaults.command(command).inject(faults).inheritIO().timeout(UNLIMITED);
        recording.ifPresent(builder::trace);
        RunningProgram program;
        try {
            program = builder.start();
        } catch (UncheckedIOException e) {
            throw notStarted(command.get(0), e);
        }
        try (program) {
            ignore("INT");
            ignore("QUIT");
            passOn("TERM", program);
            passOn("HUP", program);
            boolean timedOut = false;
            if (timeout.isPresent()) {
                try {
                    program.toHandle().onExit().get(timeout.get().toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    timedOut = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("waiting for " + command.get(0) + " failed", e);
                }
            }
            ProcessResult result = timedOut ? program.stop() : program.await(UNLIMITED);
            return new Outcome(result.exitCode(), timedOut,
                    recording.isPresent() ? Optional.of(result.trace()) : Optional.empty(), result.ruleCounters());
        }
    }

    private static void ignore(String name) {
        SignalHandlers.handle(name, () -> { });
    }

    private static void passOn(String name, RunningProgram program) {
        SignalHandlers.handle(name, () -> program.toHandle().destroy());
    }

    /**
     * JDK 17 says {@code error=2, No such file or directory}, JDK 21 {@code Exec failed, error: 2 (No such file or
     * directory)}; a shell would exit 127 for ENOENT (2), 126 for other reasons.
     */
    private static NotStarted notStarted(String program, UncheckedIOException e) {
        IOException cause = e.getCause();
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        Matcher m = JAVA_EXEC_ERROR.matcher(message);
        if (!m.find()) {
            return new NotStarted(126, UserInput.plain(program) + ": " + message.trim(), e);
        }
        int errno = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(3));
        String reason = (m.group(2) != null ? m.group(2) : m.group(4)).trim();
        return new NotStarted(errno == 2 ? 127 : 126, UserInput.plain(program) + ": " + reason, e);
    }
}
