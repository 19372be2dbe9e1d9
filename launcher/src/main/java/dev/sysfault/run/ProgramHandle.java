// The ProcessHandle of a program run below sysfault-supervisor: the program's pid, the run's lifetime.
package dev.sysfault.run;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * What {@link RunningProgram#toHandle()} gives. Its pid is the program's, as the trace shows it; it is alive,
 * and {@link #onExit()} completes, by the supervisor, which exits once the program and what it started have
 * ended (and, being this JVM's child, is waited for without polling). {@link #destroy()} goes to the supervisor,
 * which passes SIGTERM on to the program; {@link #destroyForcibly()} kills the program, and the supervisor then
 * ends what it left. The other methods describe the program itself.
 */
final class ProgramHandle implements ProcessHandle {

    private final Process supervisor;
    private final long pid;
    /** Empty if the program had already exited when the handle was made. */
    private final Optional<ProcessHandle> program;

    ProgramHandle(Process supervisor, long pid) {
        this.supervisor = supervisor;
        this.pid = pid;
        this.program = ProcessHandle.of(pid);
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public Optional<ProcessHandle> parent() {
        return Optional.of(supervisor.toHandle());
    }

    @Override
    public Stream<ProcessHandle> children() {
        return program.filter(ProcessHandle::isAlive).stream().flatMap(ProcessHandle::children);
    }

    @Override
    public Stream<ProcessHandle> descendants() {
        return program.filter(ProcessHandle::isAlive).stream().flatMap(ProcessHandle::descendants);
    }

    @Override
    public Info info() {
        return program.map(ProcessHandle::info).orElseGet(() -> supervisor.toHandle().info());
    }

    @Override
    public CompletableFuture<ProcessHandle> onExit() {
        return supervisor.onExit().thenApply(ended -> this);
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public boolean destroy() {
        return supervisor.isAlive() && supervisor.toHandle().destroy();
    }

    @Override
    public boolean destroyForcibly() {
        return program.map(ProcessHandle::destroyForcibly).orElse(false);
    }

    @Override
    public boolean isAlive() {
        return supervisor.isAlive();
    }

    @Override
    public int compareTo(ProcessHandle other) {
        return Long.compare(pid, other.pid());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProgramHandle handle && handle.pid == pid && handle.supervisor.equals(supervisor);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pid);
    }

    @Override
    public String toString() {
        return Long.toString(pid);
    }
}
