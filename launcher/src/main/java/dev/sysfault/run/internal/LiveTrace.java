// A running program's trace file, opened at its first read and shared by every later one.
package dev.sysfault.run.internal;

import dev.sysfault.fault.trace.SyscallTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** What {@code RunningProgram.trace()} and a container's running program hand out: each read sees the calls so far. */
public final class LiveTrace {

    private final Path file;
    private final List<String> command;
    private SyscallTrace trace;

    /** {@code file}: null when the run was not traced; {@code command} names the run in the error. */
    public LiveTrace(Path file, List<String> command) {
        this.file = file;
        this.command = List.copyOf(command);
    }

    /** Whether the run was traced. */
    public boolean exists() {
        return file != null;
    }

    /**
     * The trace.
     *
     * @throws IllegalStateException if the run was not traced ({@code SyscallFaults.trace} not called)
     */
    public synchronized SyscallTrace get() {
        if (file == null) {
            throw new IllegalStateException("not traced: call trace(TraceOptions) before start() or run(): " + command);
        }
        if (trace == null) {
            try {
                trace = SyscallTrace.open(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the trace " + file, e);
            }
        }
        return trace;
    }
}
