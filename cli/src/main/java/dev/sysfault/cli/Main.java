// The `sysfault` command line: run a command under faults, explore the faults it mishandles, list the syscalls and errnos a SPEC can name.
package dev.sysfault.cli;

import dev.sysfault.explore.PlanSettings;
import dev.sysfault.fault.FaultSpecException;
import dev.sysfault.fault.internal.UserInput;
import dev.sysfault.fault.trace.StracePrinter;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.fault.trace.TraceSnapshot;
import dev.sysfault.fault.trace.TraceSummary;
import dev.sysfault.run.RunningProgram;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code sysfault run|explore|syscalls|errnos|--help}. {@link #main} exits with {@link #execute}'s status; the statuses
 * sysfault gives itself are the constants below, everything else is the command's own.
 */
public final class Main {

    /** A mistake in sysfault's arguments (an unknown option, a wrong SPEC or DURATION): one line on stderr. */
    static final int USAGE = 2;
    /** {@code --timeout} ran out; the command was stopped (as {@code timeout(1)} says). */
    static final int TIMED_OUT = 124;
    /** sysfault itself failed before or after the command (as {@code env(1)} and {@code timeout(1)} say). */
    static final int FAILED = 125;
    /** The command was found but could not be run. */
    static final int NOT_RUNNABLE = 126;
    /** The command was not found. */
    static final int NOT_FOUND = 127;

    /** Enough for the calls of a large program (256 bytes each, in a sparse file); older ones are counted as lost. */
    static final int TRACE_CAPACITY = 1 << 20;

    static final String HELP = """
            Usage:
              sysfault run [--inject SPEC]... [--trace FILE|-] [--summary] [--timeout DURATION] -- COMMAND [ARGS...]
              sysfault explore [--syscalls SET] [--errnos LIST] [--mode once|from-then-on|both] [--budget N]
                               [--seed N] [--timeout DURATION] [--json FILE] -- COMMAND [ARGS...]
              sysfault syscalls [FILTER]
              sysfault errnos [FILTER]
              sysfault --help

            run       runs COMMAND with libsysfault.so preloaded: every system call it (and every program it
                      starts) makes meets the SPECs; a static, musl or Go program runs under sysfault-exec
                      (a 32-bit one is not covered: stderr says so). COMMAND uses sysfault's stdin, stdout and
                      stderr directly; sysfault adds nothing else to them unless asked to.
              --inject SPEC       strace's --inject syntax: SET:key=value:... as in getdents64:error=ENOTSUP,
                                  openat:error=ENOENT:when=2+, write:fd_path=*.log:short=1, read:delay_enter=100ms,
                                  connect:blackhole (a peer that never answers: COMMAND's own timeout fires).
                                  A SPEC makes COMMAND behave as `strace -f -o /dev/null --inject=SPEC` would;
                                  errno aliases such as ENOTSUP work too, and a failed close (but EBADF) still
                                  closes, as Linux's does. Give it once per fault; the first that matches a
                                  call wins.
              --trace FILE|-      when COMMAND ends, write its calls as strace lines to FILE (- for stderr);
                                  injected ones end in (INJECTED). Keeps the last %d calls. FILE is
                                  opened before COMMAND starts; if writing it fails afterwards, the exit
                                  status is still COMMAND's.
              --summary           when COMMAND ends, write a table like strace -c to stderr: calls, errors and
                                  injected faults per syscall
              --timeout DURATION  after DURATION (10s, 500ms, 2m; whole milliseconds) stop COMMAND and what
                                  it started: SIGTERM, then SIGKILL %ds later
            explore   finds the failures COMMAND mishandles: runs it twice without faults, recording its calls,
                      then once per candidate fault (each syscall on each file, socket or stdout it used,
                      failed with each errno its man page lists, at the first, second and last call,
                      once and from then on) and prints one line per mishandled point: crash (killed by a
                      signal), hang (still running at the timeout) or silent (exit 0, no stderr, other
                      stdout), the SPEC that reproduces it with sysfault run --inject SPEC, and what
                      happened; then a summary. Exit 0: nothing mishandled; 1: something was.
              --syscalls SET      only these syscalls: names and classes, as in fsync,write or %%file
              --errnos LIST       only these errnos, as in EIO,ENOSPC; short for short reads and writes
              --mode MODE         once (only that call fails), from-then-on, or both (the default)
              --budget N          at most N runs (default %d); every point is tried before a second errno
              --seed N            what sampling under the budget draws from (default 0)
              --timeout DURATION  per run (default 10 times the fault-free run, at least 2s)
              --json FILE         every run, with its SPEC, outcome and exit status, as JSON
            syscalls  lists x86-64 syscalls: number, name, strace's classes. FILTER: part of a name, a
                      number, or a class such as %%network.
            errnos    lists errnos: number, name, description. FILTER: part of a name (ENOT) or a number.

            Exit status of run: COMMAND's own, 128+N when signal N killed it, or
              2    a mistake in sysfault's arguments (for example in a SPEC, or a --trace FILE that
                   cannot be written); nothing ran
              124  --timeout ran out and COMMAND was stopped
              125  sysfault itself failed
              126  COMMAND was found but could not be run
              127  COMMAND was not found
            syscalls and errnos exit 0, or 1 when FILTER matches nothing; the launcher exits 3 when the
            build is missing (run ci/build).
            """.formatted(TRACE_CAPACITY, RunningProgram.STOP_GRACE.toSeconds(), PlanSettings.DEFAULT_BUDGET);

    private Main() {
    }

    public static void main(String[] args) {
        int status = execute(Arrays.asList(args), System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /** Runs one sysfault command line and returns its exit status. */
    static int execute(List<String> args, PrintStream out, PrintStream err) {
        try {
            if (args.isEmpty()) {
                throw new UsageException("say what to do: sysfault run [options] -- COMMAND, sysfault explore"
                        + " [options] -- COMMAND, sysfault syscalls, sysfault errnos or sysfault --help");
            }
            List<String> rest = args.subList(1, args.size());
            boolean askedForHelp = !rest.isEmpty() && List.of("--help", "-h").contains(rest.get(0));
            switch (askedForHelp ? "--help" : args.get(0)) {
                case "--help", "-h", "help" -> {
                    out.print(HELP);
                    return 0;
                }
                case "run" -> {
                    return run(RunOptions.parse(rest), err);
                }
                case "explore" -> {
                    return Explore.run(ExploreOptions.parse(rest), out, err);
                }
                case "syscalls" -> {
                    return Listings.syscalls(filter("syscalls", rest), out);
                }
                case "errnos" -> {
                    return Listings.errnos(filter("errnos", rest), out);
                }
                default -> throw new UsageException("unknown command " + UserInput.plain(args.get(0))
                        + "; the commands are run, explore, syscalls and errnos (see sysfault --help)");
            }
        } catch (UsageException e) {
            err.println("sysfault: " + oneLine(e.getMessage()));
            return USAGE;
        }
    }

    private static Optional<String> filter(String command, List<String> args) throws UsageException {
        if (args.size() > 1) {
            throw new UsageException(command + " takes at most one FILTER, not " + args.size()
                    + ": write sysfault " + command + " " + UserInput.plain(args.get(0)));
        }
        return args.stream().findFirst();
    }

    private static int run(RunOptions options, PrintStream err) throws UsageException {
        try (TraceDestination trace = options.trace().isPresent() ? TraceDestination.open(options.trace().get())
                : null) {
            return run(options, Optional.ofNullable(trace), err);
        }
    }

    private static int run(RunOptions options, Optional<TraceDestination> trace, PrintStream err) {
        Optional<TraceOptions> recording = options.records()
                ? Optional.of(TraceOptions.all().capacity(TRACE_CAPACITY))
                : UnfiredFaultWarning.recording(options.faults());
        String program = UserInput.plain(options.command().get(0));
        ForegroundCommand.Outcome outcome;
        try {
            outcome = ForegroundCommand.run(options.command(), options.faults(), recording, options.timeout());
        } catch (FaultSpecException e) {
            err.println("sysfault: " + oneLine(e.getMessage()));
            return USAGE;
        } catch (ForegroundCommand.NotStarted e) {
            err.println("sysfault: " + oneLine(e.getMessage()));
            return e.exitCode();
        } catch (RuntimeException e) {
            err.println("sysfault: " + oneLine(String.valueOf(e.getMessage())) + " (" + e.getClass().getSimpleName()
                    + ")");
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("sysfault: interrupted while waiting for " + program);
            return FAILED;
        }
        if (outcome.timedOut()) {
            err.println("sysfault: " + program + " ran out of time after "
                    + describe(options.timeout().orElseThrow()) + " and was stopped");
        }
        int status = outcome.timedOut() ? TIMED_OUT : outcome.exitCode();
        if (outcome.trace().isPresent()) {
            try {
                report(options, trace, outcome.trace().get(), err);
            } catch (IOException | RuntimeException e) {
                // The command ran: its status is what a script needs, whatever became of the report.
                err.println("sysfault: the trace of " + program + " could not be written to "
                        + trace.map(TraceDestination::given).map(UserInput::plain).orElse("stderr") + ": "
                        + oneLine(String.valueOf(e.getMessage())) + "; the exit status is " + status + ", as without"
                        + " --trace");
            }
        }
        UnfiredFaultWarning.print(options.faults(), outcome.counters(), outcome.trace(), err);
        return status;
    }

    /** The strace lines (to a file or stderr) and the summary (stderr), after the command has ended. */
    private static void report(RunOptions options, Optional<TraceDestination> destination, SyscallTrace trace,
            PrintStream err) throws IOException {
        TraceSnapshot snapshot = trace.snapshot();
        if (destination.isPresent()) {
            destination.get().write(lostLine(snapshot) + StracePrinter.print(snapshot.events()), err);
        }
        if (options.summary()) {
            write(err, TraceSummary.of(snapshot.events()).toString());
        }
    }

    /**
     * The trace's first line when it lost calls, by cause: a killed process's last call is half-written, and
     * only calls dropped or overwritten have to do with the trace's capacity. Empty when nothing was lost.
     */
    static String lostLine(TraceSnapshot snapshot) {
        long lost = snapshot.lost();
        if (lost == 0) {
            return "";
        }
        return "sysfault: " + lost + (lost == 1 ? " call is" : " calls are") + " not in this trace: "
                + snapshot.lostInWords()
                + (snapshot.lostForWantOfCapacity() ? " (it keeps the last " + TRACE_CAPACITY + ")" : "") + "\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** A message from a layer below, on one line whatever it quotes. */
    private static String oneLine(String message) {
        return message.replaceAll("[\\n\\r\\u0085\\u2028\\u2029]", " ");
    }
}
