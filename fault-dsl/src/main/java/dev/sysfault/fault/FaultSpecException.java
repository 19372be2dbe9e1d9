// A fault that cannot be written as asked: the message says what was wrong and how to write it instead.
package dev.sysfault.fault;

/** Thrown as soon as a fault, a SPEC or a table entry is known to be wrong, before anything runs. */
public class FaultSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public FaultSpecException(String message) {
        super(message);
    }
}
