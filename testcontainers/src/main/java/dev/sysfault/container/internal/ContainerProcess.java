// A worker JVM started with `docker exec`, seen as a Process: its output, liveness, exit status, and a way to stop it.
package dev.sysfault.container.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The exec's output arrives frame by frame through docker-java and is passed on through two pipes. Liveness and
 * the exit status come from the engine ({@code docker exec}'s inspect); with a local engine the host sees the
 * worker's process, which {@link #toHandle()} returns. Destroying the process stops and removes its container;
 * destroying it forcibly kills the container and keeps it, so that the worker's files can still be copied out.
 */
final class ContainerProcess extends Process {

    private static final long POLL_MILLIS = 20;

    private final WorkerContainer container;
    private final DockerClient docker;
    private final String exec;
    private final Pipe stdout;
    private final Pipe stderr;
    /** The exec's output ended: the worker exited (or its container went). Until then it is alive, asked of nobody. */
    private volatile boolean outputEnded;

    private ContainerProcess(WorkerContainer container, String exec, Pipe stdout, Pipe stderr) {
        this.container = container;
        this.docker = container.getDockerClient();
        this.exec = exec;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static ContainerProcess exec(WorkerContainer container, List<String> command, Map<String, String> env)
            throws IOException {
        List<String> variables = new ArrayList<>();
        env.forEach((name, value) -> variables.add(name + "=" + value));
        DockerClient docker = container.getDockerClient();
        String exec = docker.execCreateCmd(container.getContainerId()).withCmd(command.toArray(String[]::new))
                .withEnv(variables).withAttachStdout(true).withAttachStderr(true).withAttachStdin(false).exec().getId();
        ContainerProcess process = new ContainerProcess(container, exec, Pipe.open(), Pipe.open());
        docker.execStartCmd(exec).exec(process.new Output());
        process.awaitStart();
        return process;
    }

    /** Until the engine reports the exec's pid (or that it already ended), at most a few seconds. */
    private void awaitStart() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0) {
            InspectExecResponse state = state();
            if (state.getPidLong() != null && state.getPidLong() > 0 || state.getExitCodeLong() != null) {
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the worker started in container " + container.getContainerId());
            }
        }
        throw new IOException("the worker did not start in container " + container.getContainerId() + " within 10 s");
    }

    private InspectExecResponse state() {
        return docker.inspectExecCmd(exec).exec();
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return Channels.newInputStream(stdout.source());
    }

    @Override
    public InputStream getErrorStream() {
        return Channels.newInputStream(stderr.source());
    }

    @Override
    public int waitFor() throws InterruptedException {
        while (true) {
            Optional<Integer> exit = exitStatus();
            if (exit.isPresent()) {
                return exit.get();
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (exitStatus().isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /**
     * Empty while it runs (or has not started yet); its exit status after; 137 once its container is gone. While the
     * exec's output streams the engine is not asked: a test's worker is checked before and after every test.
     */
    private Optional<Integer> exitStatus() {
        if (!outputEnded && container.getContainerId() != null) {
            return Optional.empty();
        }
        if (!container.isRunning()) {
            return Optional.of(137);
        }
        InspectExecResponse state = state();
        if (Boolean.TRUE.equals(state.isRunning()) || state.getExitCodeLong() == null) {
            return Optional.empty();
        }
        return Optional.of(state.getExitCodeLong().intValue());
    }

    @Override
    public int exitValue() {
        return exitStatus().orElseThrow(() -> new IllegalThreadStateException("the worker in container "
                + container.getContainerId() + " is still running"));
    }

    @Override
    public boolean isAlive() {
        return exitStatus().isEmpty();
    }

    @Override
    public long pid() {
        Long pid = container.isRunning() ? state().getPidLong() : null;
        return pid == null ? -1 : pid;
    }

    @Override
    public ProcessHandle toHandle() {
        return ProcessHandle.of(pid()).orElseThrow(() -> new UnsupportedOperationException(
                "the worker's process in container " + container.getContainerId() + " is not visible here"));
    }

    /** Stops and removes the container, and so the worker and everything it started. */
    @Override
    public void destroy() {
        if (container.getContainerId() != null) {
            container.stop();
        }
    }

    /** Kills the container (everything in it) and keeps it, stopped: its files stay readable until {@link #destroy()}. */
    @Override
    public Process destroyForcibly() {
        if (container.isRunning()) {
            try {
                docker.killContainerCmd(container.getContainerId()).exec();
            } catch (RuntimeException goneMeanwhile) {
                // it stopped on its own
            }
        }
        return this;
    }

    /** The exec's frames into the two pipes; both end when the stream does. */
    private final class Output extends ResultCallback.Adapter<Frame> {
        @Override
        public void onNext(Frame frame) {
            Pipe.SinkChannel sink = switch (frame.getStreamType()) {
                case STDERR -> stderr.sink();
                default -> stdout.sink();
            };
            try {
                ByteBuffer bytes = ByteBuffer.wrap(frame.getPayload());
                while (bytes.hasRemaining()) {
                    sink.write(bytes);
                }
            } catch (IOException readerGone) {
                // nobody reads the worker's output any more: it is being closed
            }
        }

        @Override
        public void onComplete() {
            closeSinks();
            super.onComplete();
        }

        @Override
        public void onError(Throwable throwable) {
            closeSinks();
            super.onError(throwable);
        }

        private void closeSinks() {
            outputEnded = true;
            try {
                stdout.sink().close();
                stderr.sink().close();
            } catch (IOException ignored) {
                // closing a pipe's end does not fail in a way that matters here
            }
        }
    }
}
