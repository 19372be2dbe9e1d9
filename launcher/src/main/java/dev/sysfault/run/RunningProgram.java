// A program started under faults and still running (a server, say): its live trace, its output so far, stop().
package dev.sysfault.run;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.FaultSpecException;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.run.internal.ControlFile;
import dev.sysfault.run.internal.LiveTrace;
import dev.sysfault.run.internal.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What {@link SyscallFaults#start()} returns:
 *
 * <pre>{@code
 * try (RunningProgram server = SyscallFaults.command("python3", "-m", "http.server", "8000")
 *         .trace(TraceOptions.all()).start()) {
 *     TraceAwait.await(server.trace()).whileAlive(server.toHandle()).untilSyscall("listen");
 *     // ... talk to it ...
 *     ProcessResult result = server.stop();
 * }
 * }</pre>
 *
 * While it runs, {@link #inject} arms other faults in all its processes (and {@link #disarm()} none), until the
 * {@link ArmedProgramFaults} is closed:
 *
 * <pre>{@code
 * try (ArmedProgramFaults armed = server.inject(Fault.on("fsync").fail(Errno.EIO))) {
 *     // ... the server's fsync fails ...
 * }
 * }</pre>
 *
 * The first of {@link #stop()}, {@link #await(Duration)} and {@link #close()} to see the program exit makes
 * the one {@link ProcessResult}; later calls return it again. Thread-safe.
 */
public final class RunningProgram implements AutoCloseable {

    /** How long {@link #stop()} lets the program handle SIGTERM before SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final List<String> command;
    private final Process process; // the supervisor
    private final long pid;
    private final ProgramHandle handle;
    private final RunDirectory dir;
    private final int ruleCount;
    private final Path rulesFile;
    private final ControlFile control; // null for a run(), which nobody can swap
    /** What inject() armed in place of the faults given to the builder, newest last; undone newest first. */
    private final Deque<ArmedProgramFaults> armed = new ArrayDeque<>();
    private final LiveTrace liveTrace;
    private final Path stdout;
    private final Path stderr;
    private final Duration timeout;
    private final long startNanos = System.nanoTime();
    private final ProcessTree tree;
    private ProcessResult result;

    RunningProgram(List<String> command, Process process, long pid, RunDirectory dir, int ruleCount, Path rulesFile,
            ControlFile control, Path traceFile, Path stdout, Path stderr, Duration timeout) {
        this.command = command;
        this.process = process;
        this.pid = pid;
        this.handle = new ProgramHandle(process, pid);
        this.dir = dir;
        this.ruleCount = ruleCount;
        this.rulesFile = rulesFile;
        this.control = control;
        this.liveTrace = new LiveTrace(traceFile, command);
        this.stdout = stdout;
        this.stderr = stderr;
        this.timeout = timeout;
        this.tree = new ProcessTree(process.toHandle());
    }

    public List<String> command() {
        return command;
    }

    /** The program's pid, as its calls in the trace show it. */
    public long pid() {
        return pid;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The program, for {@code TraceAwait.whileAlive} and {@code onExit()}: alive until the program and what it
     * started have ended; {@code destroy()} sends it SIGTERM (see {@code ProgramHandle}).
     */
    public ProcessHandle toHandle() {
        return handle;
    }

    /**
     * The live trace: each read shows the calls recorded so far, by the program and what it started.
     *
     * @throws IllegalStateException if the run was not traced ({@link SyscallFaults#trace} not called)
     */
    public SyscallTrace trace() {
        return liveTrace.get();
    }

    boolean traced() {
        return liveTrace.exists();
    }

    /**
     * Arms {@code faults} now, first match first, in every process of the program, in place of what is armed (the
     * builder's faults, or those of an earlier inject), until the result is closed. Each process switches between
     * two of its syscalls; those it starts from now on begin with these faults.
     *
     * @throws FaultSpecException if they do not make a rule table (a fault without an action)
     * @throws IllegalStateException if the program has exited
     */
    public ArmedProgramFaults inject(Fault... faults) {
        Objects.requireNonNull(faults, "faults");
        if (faults.length == 0) {
            throw new FaultSpecException("inject() needs at least one fault; disarm() arms none");
        }
        return arm(List.copyOf(Arrays.asList(faults)));
    }

    /** The same, for faults in a list. */
    public ArmedProgramFaults inject(List<Fault> faults) {
        return inject(faults.toArray(Fault[]::new));
    }

    /** Disarms every fault (the builder's and those armed by inject) in every process, until the result is closed. */
    public ArmedProgramFaults disarm() {
        return arm(List.of());
    }

    private synchronized ArmedProgramFaults arm(List<Fault> faults) {
        RuleTable table = RuleTable.compile(faults); // a bad fault: nothing armed
        if (result != null || !process.isAlive()) {
            throw new IllegalStateException("faults are armed in a running program; " + this + " has exited");
        }
        SyscallTrace calls = liveTrace.exists() ? trace().fromNow() : null;
        try {
            ArmedProgramFaults a = new ArmedProgramFaults(this, control.arm(table), faults, calls);
            armed.addLast(a);
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot arm " + faults + " in " + dir, e);
        }
    }

    /** Ends {@code faults}, the newest armed, and arms again what was armed before them. */
    synchronized void undo(ArmedProgramFaults faults) {
        if (armed.peekLast() != faults) {
            throw new IllegalStateException("faults armed later are still armed: close them first (try-with-resources"
                    + " closes them in the right order)");
        }
        armed.removeLast();
        if (result != null) {
            return; // the program has ended: nothing follows the control file
        }
        try {
            if (!armed.isEmpty()) {
                control.armAgain(armed.peekLast().table());
            } else if (rulesFile != null) {
                control.armAgain(rulesFile);
            } else {
                control.arm(RuleTable.compile(List.of()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot disarm " + faults.faults() + " in " + dir, e);
        }
    }

    /** How often each rule has matched and fired so far; empty without faults. */
    public RuleCounters ruleCounters() {
        if (rulesFile == null) {
            return new RuleCounters(List.of());
        }
        try {
            return RuleCounters.read(rulesFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule counters in " + rulesFile, e);
        }
    }

    /** What the program has written to stdout so far (UTF-8); empty with {@link SyscallFaults#inheritIO()}. */
    public String stdoutSoFar() {
        return new String(readOutput(stdout), StandardCharsets.UTF_8);
    }

    /** What the program has written to stderr so far (UTF-8); empty with {@link SyscallFaults#inheritIO()}. */
    public String stderrSoFar() {
        return new String(readOutput(stderr), StandardCharsets.UTF_8);
    }

    /** Waits up to the builder's {@link SyscallFaults#timeout} (60 s by default), see {@link #await(Duration)}. */
    public ProcessResult await() {
        return await(timeout);
    }

    /**
     * Waits until the program exits and returns its result; if it still runs after {@code timeout}, kills it
     * and everything it started (SIGKILL) and returns a result with {@link ProcessResult#timedOut()}.
     *
     * @throws IllegalStateException if the thread is interrupted while it waits (the interrupt flag is set
     *     again); the program then keeps running
     */
    public ProcessResult await(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        synchronized (this) {
            if (result != null) {
                return result;
            }
        }
        boolean exited;
        try {
            exited = process.waitFor(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + command + " (pid " + pid() + ")", e);
        }
        synchronized (this) {
            if (result != null) {
                return result;
            }
            if (!exited) {
                tree.signal(true);
                waitUninterruptibly(STOP_GRACE);
                tree.awaitExit(STOP_GRACE);
            }
            return finish(!exited, exited ? null : timeout);
        }
    }

    /** Kills the program and what it started at once (SIGKILL); for a caller that gives up on it. */
    synchronized ProcessResult kill() {
        if (result != null) {
            return result;
        }
        tree.signal(true);
        waitUninterruptibly(STOP_GRACE);
        tree.awaitExit(STOP_GRACE);
        return finish(false, null);
    }

    /**
     * Stops the program: SIGTERM to it and everything it started, SIGKILL to whatever still runs
     * {@link #STOP_GRACE} later. Returns its result (at once if it had already exited).
     */
    public synchronized ProcessResult stop() {
        if (result != null) {
            return result;
        }
        if (process.isAlive()) {
            tree.signal(false);
            if (!tree.awaitExit(STOP_GRACE)) {
                tree.signal(true);
                waitUninterruptibly(STOP_GRACE);
                tree.awaitExit(STOP_GRACE);
            }
        }
        return finish(false, null);
    }

    /** Stops the program if it still runs and closes its result (deleting the run's directory). */
    @Override
    public void close() {
        ProcessResult finished = stop();
        finished.close();
    }

    private ProcessResult finish(boolean timedOut, Duration after) {
        waitUninterruptibly(STOP_GRACE);
        int status = process.isAlive() ? -1 : process.exitValue();
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        RuleCounters counters = rulesFile == null ? new RuleCounters(List.of()) : ruleCounters();
        SyscallTrace finalTrace = liveTrace.exists() ? trace() : null;
        result = new ProcessResult(command, pid, status, timedOut, after, took, readOutput(stdout),
                readOutput(stderr), finalTrace, counters, ruleCount, dir);
        return result;
    }

    /** {@code Duration.toNanos()} throws beyond 292 years; those waits are as good as unlimited. */
    private static long saturatedNanos(Duration timeout) {
        return timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : timeout.toNanos();
    }

    /** Waits for the exit of a program that has been signalled; an interrupt is kept for later, not obeyed. */
    private void waitUninterruptibly(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static byte[] readOutput(Path file) {
        if (file == null) {
            return new byte[0];
        }
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the program's output " + file, e);
        }
    }

    @Override
    public String toString() {
        return "RunningProgram[" + command + ", pid " + pid + (process.isAlive() ? ", running" : ", exited")
                + "]";
    }
}
