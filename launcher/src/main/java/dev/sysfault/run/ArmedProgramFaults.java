// Faults armed in a running program (RunningProgram.inject), in force in all its processes until closed: the handle and its check.
package dev.sysfault.run;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.run.internal.UnfiredFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * In force in every process of a {@link RunningProgram}, those running now and those it starts later, from
 * {@link RunningProgram#inject} until {@link #close()}, in place of what was armed before (which is armed again
 * after it):
 *
 * <pre>{@code
 * try (RunningProgram db = SyscallFaults.command("./db", "--data", dir.toString()).start()) {
 *     try (ArmedProgramFaults armed = db.inject(Fault.on("fsync").fail(Errno.EIO))) {
 *         // ... the client's writes fail now ...
 *     }
 *     // ... and succeed again ...
 * }
 * }</pre>
 *
 * Each process switches between two of its syscalls: a process blocked in a call switches when it makes the next
 * one. A fault that fired zero times fails {@link #close()} with an {@link AssertionError} that says what it
 * matched and, when the run is traced, which related calls the program made instead, unless the fault is
 * {@link Fault#optional() optional}. Close the newest first; try-with-resources does.
 */
public final class ArmedProgramFaults implements AutoCloseable {

    private final RunningProgram program;
    private final Path table;
    private final List<Fault> faults;
    private final SyscallTrace calls; // null when the run is not traced
    private boolean closed;

    ArmedProgramFaults(RunningProgram program, Path table, List<Fault> faults, SyscallTrace calls) {
        this.program = program;
        this.table = table;
        this.faults = List.copyOf(faults);
        this.calls = calls;
    }

    public List<Fault> faults() {
        return faults;
    }

    /** The counters now (docs/rule-table.md, "Counters"), fault by fault in the order given to inject. */
    public RuleCounters counters() {
        try {
            return RuleCounters.read(table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule counters in " + table, e);
        }
    }

    /** How often fault {@code index} matched a call, whether or not it fired, in all the program's processes. */
    public long matched(int index) {
        return counters().matched(index);
    }

    /** How often fault {@code index} fired, in all the program's processes. */
    public long fired(int index) {
        return counters().fired(index);
    }

    Path table() {
        return table;
    }

    /**
     * Disarms these faults and arms again what was armed before them; then fails if one of them never fired.
     *
     * @throws AssertionError naming each fault that never fired and the calls made instead
     * @throws IllegalStateException if faults armed later are still armed
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        program.undo(this);
        closed = true;
        List<String> labels = faults.stream().map(f -> "the fault " + f.toSpec() + " armed in the program").toList();
        List<String> unfired = UnfiredFaults.describe(faults, labels, counters(),
                () -> calls == null ? null : calls.events(), "the program");
        if (!unfired.isEmpty()) {
            throw new AssertionError(String.join("\n", unfired)
                    + "\n(a fault that may rightly never fire is marked with optional())");
        }
    }

    @Override
    public String toString() {
        return "ArmedProgramFaults" + faults + (closed ? " (closed)" : "");
    }
}
