// One command in a running container by `docker exec`: its environment, directory, output files and time limit.
package dev.sysfault.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command with {@code docker exec}. Its stdin is {@code /dev/null} (docker-java cannot close an exec's
 * stdin, so a command would never see its end); its stdout and stderr go to files as they come; {@link #await}
 * ends when the command itself has exited (a background child that keeps the output open does not hold it up), or
 * at the time limit, when the command and what it started are killed with SIGKILL: through their host processes
 * when this JVM sees them (a local engine), otherwise from inside the container, where a shell finds them by the
 * variable {@value #RUN_VARIABLE} that each command gets (and its children inherit).
 */
final class ContainerExec {

    /** How the command ended. {@code pid} is Docker's (the engine's host's) pid of the command. */
    record Outcome(long pid, int exitCode, boolean timedOut, Duration duration) {
    }

    /** Set to the run's name in every command's environment, so that the command's processes can be found. */
    static final String RUN_VARIABLE = "SYSFAULT_RUN";

    private static final long POLL_MILLIS = 50;
    private static final Duration OUTPUT_GRACE = Duration.ofMillis(500);
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final DockerClient docker;
    private final String containerId;
    private final String name;
    private final List<String> command;
    private final String id;
    private final OutputStream out;
    private final OutputStream err;
    private final Output output;
    private final long start = System.nanoTime();
    private Outcome outcome;

    private ContainerExec(DockerClient docker, String containerId, String name, List<String> command, String id,
            OutputStream out, OutputStream err) {
        this.docker = docker;
        this.containerId = containerId;
        this.name = name;
        this.command = command;
        this.id = id;
        this.out = out;
        this.err = err;
        this.output = docker.execStartCmd(id).exec(new Output(out, err));
    }

    /** Runs the command and waits for it, up to {@code timeout}. */
    static Outcome run(DockerClient docker, String containerId, String name, List<String> command,
            Map<String, String> env, Optional<String> directory, Path stdout, Path stderr, Duration timeout) {
        return start(docker, containerId, name, command, env, directory, stdout, stderr).await(timeout);
    }

    /** Starts the command; its output goes into {@code stdout} and {@code stderr} as it comes. */
    static ContainerExec start(DockerClient docker, String containerId, String name, List<String> command,
            Map<String, String> env, Optional<String> directory, Path stdout, Path stderr) {
        List<String> variables = new ArrayList<>();
        env.forEach((variable, value) -> variables.add(variable + "=" + value));
        variables.add(RUN_VARIABLE + "=" + name);
        ExecCreateCmd create = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                .withEnv(variables)
                .withAttachStdout(true).withAttachStderr(true).withAttachStdin(false);
        directory.ifPresent(create::withWorkingDir);
        String id = create.exec().getId();
        OutputStream out = null;
        try {
            out = Files.newOutputStream(stdout);
            OutputStream err = Files.newOutputStream(stderr);
            return new ContainerExec(docker, containerId, name, command, id, out, err);
        } catch (IOException e) {
            closeQuietly(out);
            throw new UncheckedIOException("cannot keep the output of " + command + " in " + stdout.getParent(), e);
        }
    }

    /** Whether the command still runs (or has not started yet). */
    boolean isRunning() {
        return !ended(docker.inspectExecCmd(id).exec());
    }

    /** The command's pid as the engine's host sees it, once it has started; else -1. */
    long hostPid() {
        Long pid = docker.inspectExecCmd(id).exec().getPidLong();
        return pid == null ? -1 : pid;
    }

    /**
     * Waits until the command has exited, or kills it and what it started at {@code timeout}; the first call to see
     * the end makes the outcome, later calls return it.
     */
    synchronized Outcome await(Duration timeout) {
        if (outcome != null) {
            return outcome;
        }
        try {
            long deadline = System.nanoTime() + saturatedNanos(timeout);
            boolean timedOut = false;
            InspectExecResponse state;
            while (true) {
                boolean streamEnded = output.awaitEnd(POLL_MILLIS);
                state = docker.inspectExecCmd(id).exec();
                if (ended(state)) {
                    if (!streamEnded) {
                        output.awaitEnd(OUTPUT_GRACE.toMillis());
                    }
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    timedOut = true;
                    signal(true, state.getPidLong());
                    state = awaitEnd(docker, id);
                    output.awaitEnd(OUTPUT_GRACE.toMillis());   // what the killed command wrote last
                    break;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            closeOutput();
            if (output.failure != null) {
                throw new IllegalStateException("the output of " + command + " in container " + containerId
                        + " broke off: " + output.failure, output.failure);
            }
            Long exit = state.getExitCodeLong();
            outcome = new Outcome(state.getPidLong() == null ? -1 : state.getPidLong(),
                    exit == null ? -1 : exit.intValue(), timedOut, took);
            return outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + command + " ran in container " + containerId, e);
        }
    }

    /**
     * SIGKILL ({@code kill}) or SIGTERM to the command and what it started: through their host processes when this
     * JVM sees them, else from inside the container.
     */
    void signal(boolean kill) {
        signal(kill, hostPid());
    }

    private void signal(boolean kill, Long pid) {
        Optional<ProcessHandle> process = pid == null || pid <= 0 ? Optional.empty() : ProcessHandle.of(pid);
        if (process.isPresent()) {
            // The command first, so that a shell cannot go on when its children die; then what it started.
            List<ProcessHandle> started = process.get().descendants().toList();
            if (kill) {
                process.get().destroyForcibly();
                started.forEach(ProcessHandle::destroyForcibly);
            } else {
                process.get().destroy();
                started.forEach(ProcessHandle::destroy);
            }
            return;
        }
        signalInside(docker, containerId, name, kill ? "KILL" : "TERM");
    }

    /** SIGKILL, from a shell in the container, to every process whose environment has the run's variable. */
    static void killInside(DockerClient docker, String containerId, String name) {
        signalInside(docker, containerId, name, "KILL");
    }

    private static void signalInside(DockerClient docker, String containerId, String name, String signal) {
        String script = "for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ 2>/dev/null | grep -qx \"$0\""
                + " && kill -" + signal + " ${p#/proc/} 2>/dev/null; done; exit 0";
        String killer = docker.execCreateCmd(containerId).withCmd("/bin/sh", "-c", script, RUN_VARIABLE + "=" + name)
                .exec().getId();
        try {
            docker.execStartCmd(killer).exec(new ResultCallback.Adapter<>()).awaitCompletion(
                    KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeOutput() {
        output.abandon();
        closeQuietly(output);
        closeQuietly(out);
        closeQuietly(err);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // the output is complete or abandoned: nothing more to keep
        }
    }

    private static InspectExecResponse awaitEnd(DockerClient docker, String id) throws InterruptedException {
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        InspectExecResponse state = docker.inspectExecCmd(id).exec();
        while (!ended(state) && System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL_MILLIS);
            state = docker.inspectExecCmd(id).exec();
        }
        return state;
    }

    /** Exited: an exec that has not started yet is not running either, but has no exit code. */
    private static boolean ended(InspectExecResponse state) {
        return !Boolean.TRUE.equals(state.isRunning()) && state.getExitCodeLong() != null;
    }

    private static long saturatedNanos(Duration timeout) {
        return timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE / 2)) >= 0 ? Long.MAX_VALUE / 2 : timeout.toNanos();
    }

    /**
     * The exec's multiplexed output, frame by frame into the two files. Its own latch says when the stream
     * ended: docker-java's {@code awaitCompletion(timeout)} closes the stream when it returns, even unfinished.
     */
    private static final class Output extends ResultCallback.Adapter<Frame> {

        private final OutputStream out;
        private final OutputStream err;
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile Throwable failure;
        /** Closed by us, the command having ended: the "socket closed" that the reader then meets is no failure. */
        private volatile boolean abandoned;

        Output(OutputStream out, OutputStream err) {
            this.out = out;
            this.err = err;
        }

        void abandon() {
            abandoned = true;
        }

        boolean awaitEnd(long millis) throws InterruptedException {
            return ended.await(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onNext(Frame frame) {
            try {
                switch (frame.getStreamType()) {
                    case STDOUT, RAW -> out.write(frame.getPayload());
                    case STDERR -> err.write(frame.getPayload());
                    default -> {
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            if (ended.getCount() > 0 && !abandoned) {
                failure = throwable;
            }
            ended.countDown();
            super.onError(throwable);
        }

        @Override
        public void onComplete() {
            ended.countDown();
            super.onComplete();
        }
    }
}
