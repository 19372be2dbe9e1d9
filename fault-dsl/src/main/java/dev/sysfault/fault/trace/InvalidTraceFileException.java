// A trace file that fails docs/trace-format.md's header checks: which file, what is wrong, how to get a good one.
package dev.sysfault.fault.trace;

/** Thrown by {@link SyscallTrace#open} for a file the library would not record into either. */
public class InvalidTraceFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidTraceFileException(String message) {
        super(message);
    }
}
