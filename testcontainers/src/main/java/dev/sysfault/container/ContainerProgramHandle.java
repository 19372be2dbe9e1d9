// The ProcessHandle of a command running in a container: alive while its exec runs, for TraceAwait.whileAlive.
package dev.sysfault.container;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * What {@link RunningContainerProgram#toHandle()} gives. Its pid is the engine's host's (this JVM may not see that
 * process); it is alive until the command has exited, which {@link #onExit()} completes; {@link #destroy()} sends
 * SIGTERM to the command and what it started, {@link #destroyForcibly()} SIGKILL. It knows no parent, children or
 * info: where the engine runs elsewhere, this machine has none of them.
 */
final class ContainerProgramHandle implements ProcessHandle {

    private final RunningContainerProgram program;

    ContainerProgramHandle(RunningContainerProgram program) {
        this.program = program;
    }

    @Override
    public long pid() {
        return program.pid();
    }

    @Override
    public Optional<ProcessHandle> parent() {
        return Optional.empty();
    }

    @Override
    public Stream<ProcessHandle> children() {
        return Stream.empty();
    }

    @Override
    public Stream<ProcessHandle> descendants() {
        return Stream.empty();
    }

    @Override
    public Info info() {
        return new Info() {
            @Override
            public Optional<String> command() {
                return Optional.of(program.command().get(0));
            }

            @Override
            public Optional<String> commandLine() {
                return Optional.of(String.join(" ", program.command()));
            }

            @Override
            public Optional<String[]> arguments() {
                return Optional.of(program.command().subList(1, program.command().size()).toArray(String[]::new));
            }

            @Override
            public Optional<Instant> startInstant() {
                return Optional.empty();
            }

            @Override
            public Optional<Duration> totalCpuDuration() {
                return Optional.empty();
            }

            @Override
            public Optional<String> user() {
                return Optional.empty();
            }
        };
    }

    @Override
    public CompletableFuture<ProcessHandle> onExit() {
        return program.exited().thenApply(ended -> this);
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public boolean destroy() {
        return program.signal(false);
    }

    @Override
    public boolean destroyForcibly() {
        return program.signal(true);
    }

    @Override
    public boolean isAlive() {
        return program.isAlive();
    }

    @Override
    public int compareTo(ProcessHandle other) {
        return Long.compare(pid(), other.pid());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContainerProgramHandle h && h.program == program;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(program);
    }

    @Override
    public String toString() {
        return program.toString();
    }
}
