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
 * Runs a command with {@code docker exec} and waits for it. Its stdin is {@code /dev/null} (docker-java cannot
 * close an exec's stdin, so a command would never see its end); its stdout and stderr go to files; the wait ends
 * when the command itself has exited (a background child that keeps the output open does not hold it up), or
 * at the time limit, when the command and what it started are killed with SIGKILL: through their host
 * processes when this JVM sees them (a local engine), otherwise from inside the container, where a shell
 * finds them by the variable {@value #RUN_VARIABLE} that each command gets (and its children inherit).
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

    private ContainerExec() {
    }

    static Outcome run(DockerClient docker, String containerId, String name, List<String> command,
            Map<String, String> env, Optional<String> directory, Path stdout, Path stderr, Duration timeout) {
        List<String> variables = new ArrayList<>();
        env.forEach((variable, value) -> variables.add(variable + "=" + value));
        variables.add(RUN_VARIABLE + "=" + name);
        ExecCreateCmd create = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                .withEnv(variables)
                .withAttachStdout(true).withAttachStderr(true).withAttachStdin(false);
        directory.ifPresent(create::withWorkingDir);
        String id = create.exec().getId();
        long start = System.nanoTime();
        try (OutputStream out = Files.newOutputStream(stdout); OutputStream err = Files.newOutputStream(stderr);
                Output output = docker.execStartCmd(id).exec(new Output(out, err))) {
            long deadline = start + saturatedNanos(timeout);
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
                    kill(docker, containerId, name, state.getPidLong());
                    state = awaitEnd(docker, id);
                    break;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (output.failure != null) {
                throw new IllegalStateException("the output of " + command + " in container " + containerId
                        + " broke off: " + output.failure, output.failure);
            }
            Long exit = state.getExitCodeLong();
            return new Outcome(state.getPidLong() == null ? -1 : state.getPidLong(), exit == null ? -1 : exit.intValue(),
                    timedOut, took);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the output of " + command + " in " + stdout.getParent(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + command + " ran in container " + containerId, e);
        }
    }

    private static void kill(DockerClient docker, String containerId, String name, Long pid) {
        Optional<ProcessHandle> process = pid == null ? Optional.empty() : ProcessHandle.of(pid);
        if (process.isPresent()) {
            // The command first, so that a shell cannot go on when its children die; then what it started.
            List<ProcessHandle> started = process.get().descendants().toList();
            process.get().destroyForcibly();
            started.forEach(ProcessHandle::destroyForcibly);
            return;
        }
        killInside(docker, containerId, name);
    }

    /** SIGKILL, from a shell in the container, to every process whose environment has the run's variable. */
    static void killInside(DockerClient docker, String containerId, String name) {
        String script = "for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ 2>/dev/null | grep -qx \"$0\""
                + " && kill -KILL ${p#/proc/} 2>/dev/null; done; exit 0";
        String killer = docker.execCreateCmd(containerId).withCmd("/bin/sh", "-c", script, RUN_VARIABLE + "=" + name)
                .exec().getId();
        try {
            docker.execStartCmd(killer).exec(new ResultCallback.Adapter<>()).awaitCompletion(
                    KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

        Output(OutputStream out, OutputStream err) {
            this.out = out;
            this.err = err;
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
            if (ended.getCount() > 0) {
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
