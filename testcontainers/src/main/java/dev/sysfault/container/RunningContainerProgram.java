// A command started under faults in a container and still running: its live trace, its output so far, stop().
package dev.sysfault.container;

import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.internal.LiveTrace;
import dev.sysfault.run.internal.ProgramLoader;
import dev.sysfault.run.internal.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link SyscallFaultContainer#start(dev.sysfault.run.SyscallFaults)} returns, as
 * {@link dev.sysfault.run.RunningProgram} on the host:
 *
 * <pre>{@code
 * try (RunningContainerProgram server = container.start(SyscallFaults.command("python3", "-m", "http.server")
 *         .trace(TraceOptions.all()))) {
 *     TraceAwait.await(server.trace()).whileAlive(server.toHandle()).untilSyscall("listen");
 *     // ... talk to it ...
 *     ProcessResult result = server.stop();
 * }
 * }</pre>
 *
 * <p>The trace is live on any engine. With {@link FileSharing#BIND} the program writes the file that Java reads; with
 * {@link FileSharing#COPY} (an engine that shares no files) a thread copies what the program has recorded into this
 * machine's file every {@value #COPY_MILLIS} ms while it runs (only the header and the used part of the ring, see
 * {@code TraceMirror}), and once more when it has ended, so a wait on the trace sees a call at most that much later
 * than on the host. Its {@link #ruleCounters()} are copied when asked for. Views from now
 * ({@code SyscallTrace.fromNow()}) and swapping faults while it runs are not offered in a container.
 *
 * <p>The first of {@link #stop()}, {@link #await(Duration)} and {@link #close()} to see the program exit makes the
 * one {@link ProcessResult}; later calls return it again. Thread-safe.
 */
public final class RunningContainerProgram implements AutoCloseable {

    /** How long {@link #stop()} lets the program handle SIGTERM before SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** How often a running program's trace is copied from a container that shares no files. */
    public static final long COPY_MILLIS = 100;

    private static final long POLL_MILLIS = 50;

    private final SyscallFaultContainer container;
    private final List<String> command;
    private final ContainerExec exec;
    private final RunDirectory dir;
    private final String inside;
    private final int ruleCount;
    private final Path rulesFile;
    private final LiveTrace liveTrace;
    private final TraceMirror mirror;
    private final Duration timeout;
    private final boolean throughLoader;   // started by sysfault-exec, which says so when it cannot start it
    private final CompletableFuture<Void> exited = new CompletableFuture<>();
    private final ContainerProgramHandle handle = new ContainerProgramHandle(this);
    private Thread watcher;
    private ProcessResult result;

    RunningContainerProgram(SyscallFaultContainer container, List<String> command, ContainerExec exec, RunDirectory dir,
            String inside, int ruleCount, Path rulesFile, Path traceFile, TraceMirror mirror, Duration timeout,
            boolean throughLoader) {
        this.container = container;
        this.command = command;
        this.exec = exec;
        this.dir = dir;
        this.inside = inside;
        this.ruleCount = ruleCount;
        this.rulesFile = rulesFile;
        this.liveTrace = new LiveTrace(traceFile, command);
        this.mirror = mirror;
        this.timeout = timeout;
        this.throughLoader = throughLoader;
    }

    /** For a program that someone watches while it runs: copies its trace (with COPY) and notices its end. */
    synchronized RunningContainerProgram watched() {
        watcher = new Thread(this::watch, "sysfault-container-program");
        watcher.setDaemon(true); // a program left running must not keep the JVM alive
        watcher.start();
        return this;
    }

    /** While the program runs: its trace copied (with COPY), its end noticed for {@link #toHandle()}. */
    private void watch() {
        try {
            long last = 0;
            while (exec.isRunning()) {
                if (mirror != null && System.nanoTime() - last >= COPY_MILLIS * 1_000_000) {
                    mirror.copy();
                    last = System.nanoTime();
                }
                Thread.sleep(POLL_MILLIS);
            }
            if (mirror != null) {
                mirror.copy();
            }
        } catch (InterruptedException e) {
            // the result is being made: it copies the trace itself
        } catch (RuntimeException e) {
            // the container was stopped under the program: the result says how it ended
        } finally {
            exited.complete(null);
        }
    }

    public List<String> command() {
        return command;
    }

    /** The program's pid as the engine's host sees it (the trace records the pids inside the container); -1 before. */
    public long pid() {
        return exec.hostPid();
    }

    public synchronized boolean isAlive() {
        return result == null && exec.isRunning();
    }

    /**
     * The program, for {@code TraceAwait.whileAlive} and {@code onExit()}: alive until it has exited;
     * {@code destroy()} sends it and what it started SIGTERM.
     */
    public ProcessHandle toHandle() {
        return handle;
    }

    synchronized CompletableFuture<Void> exited() {
        return watcher == null ? CompletableFuture.completedFuture(null) : exited;
    }

    /** SIGKILL or SIGTERM to the program and what it started; false if it had ended. */
    boolean signal(boolean kill) {
        if (!isAlive()) {
            return false;
        }
        exec.signal(kill);
        return true;
    }

    /**
     * The live trace: each read shows the calls recorded so far, by the program and what it started.
     *
     * @throws IllegalStateException if the run was not traced ({@code SyscallFaults.trace} not called)
     */
    public SyscallTrace trace() {
        return liveTrace.get();
    }

    /** How often each rule has matched and fired so far; empty without faults. */
    public RuleCounters ruleCounters() {
        if (rulesFile == null) {
            return new RuleCounters(List.of());
        }
        if (result == null && exec.isRunning()) {
            container.copyOut(dir, inside, List.of("rules"));
        }
        try {
            return RuleCounters.read(rulesFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule counters in " + rulesFile, e);
        }
    }

    /** What the program has written to stdout so far (UTF-8). */
    public String stdoutSoFar() {
        return new String(readOutput(dir.resolve("stdout")), StandardCharsets.UTF_8);
    }

    /** What the program has written to stderr so far (UTF-8). */
    public String stderrSoFar() {
        return new String(readOutput(dir.resolve("stderr")), StandardCharsets.UTF_8);
    }

    /** Waits up to the run's {@code SyscallFaults.timeout} (60 s by default), see {@link #await(Duration)}. */
    public ProcessResult await() {
        return await(timeout);
    }

    /**
     * Waits until the program exits and returns its result; if it still runs after {@code timeout}, kills it and
     * everything it started (SIGKILL) and returns a result with {@link ProcessResult#timedOut()}.
     */
    public synchronized ProcessResult await(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (result != null) {
            return result;
        }
        ContainerExec.Outcome outcome = exec.await(timeout);
        return finish(outcome, outcome.timedOut() ? timeout : null);
    }

    /**
     * Stops the program: SIGTERM to it and everything it started, SIGKILL to whatever still runs {@link #STOP_GRACE}
     * later. Returns its result (at once if it had already exited).
     */
    public synchronized ProcessResult stop() {
        if (result != null) {
            return result;
        }
        if (exec.isRunning()) {
            exec.signal(false);
        }
        ContainerExec.Outcome outcome = exec.await(STOP_GRACE); // kills what is left at the end of the grace
        return finish(new ContainerExec.Outcome(outcome.pid(), outcome.exitCode(), false, outcome.duration()), null);
    }

    /** Stops the program if it still runs and closes its result (deleting the run's directory). */
    @Override
    public void close() {
        stop().close();
    }

    private ProcessResult finish(ContainerExec.Outcome outcome, Duration after) {
        if (watcher != null) {
            watcher.interrupt();
            try {
                watcher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (outcome.pid() <= 0) { // the engine could not start it: no such program or directory, say
                throw new UncheckedIOException(new IOException("cannot start " + command + " in container "
                        + container.getContainerId() + ": " + Files.readString(dir.resolve("stdout")).strip()));
            }
            String loaderSaid = throughLoader ? notStarted(dir.resolve("stderr"), outcome.exitCode()) : null;
            if (loaderSaid != null) { // sysfault-exec could not find or open it: as the engine would have said
                throw new UncheckedIOException(new IOException("cannot start " + command + " in container "
                        + container.getContainerId() + ": " + loaderSaid));
            }
            if (mirror != null) {
                mirror.copy();
            }
            if (rulesFile != null) {
                container.copyOut(dir, inside, List.of("rules"));
            }
            SyscallTrace recorded = liveTrace.exists() ? trace() : null;
            RuleCounters counters = rulesFile == null ? new RuleCounters(List.of()) : RuleCounters.read(rulesFile);
            result = new ProcessResult(command, outcome.pid(), outcome.exitCode(), outcome.timedOut(), after,
                    outcome.duration(), readOutput(dir.resolve("stdout")), readOutput(dir.resolve("stderr")), recorded,
                    counters, ruleCount, dir);
            return result;
        } catch (IOException e) {
            dir.close();
            throw new UncheckedIOException("cannot read the run of " + command + " in " + dir, e);
        } catch (RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /** sysfault-exec's one line when it could not start the command (status 126 or 127), without its name; else null. */
    private static String notStarted(Path stderr, int exitCode) {
        String said = new String(readOutput(stderr), StandardCharsets.UTF_8);
        String prefix = ProgramLoader.FILE_NAME + ": ";
        if ((exitCode != 126 && exitCode != 127) || !said.startsWith(prefix) || said.strip().contains("\n")) {
            return null;
        }
        return said.substring(prefix.length()).strip();
    }

    private static byte[] readOutput(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the program's output " + file, e);
        }
    }

    @Override
    public String toString() {
        return "RunningContainerProgram[" + command + " in container " + container.getContainerId()
                + (result == null ? "" : ", exited") + "]";
    }
}
