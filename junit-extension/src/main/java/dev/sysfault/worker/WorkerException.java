// Stands in for an exception that a worker JVM could not send as itself (it was not serializable).
package dev.sysfault.worker;

/** The message starts with the original exception's class; stack trace, causes and suppressed ones are kept. */
public final class WorkerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private WorkerException(String message) {
        super(message);
    }

    /** What the worker sends instead of {@code t}; not for tests. */
    public static WorkerException copyOf(Throwable t) {
        WorkerException copy = new WorkerException(t.getClass().getName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        copy.setStackTrace(t.getStackTrace());
        if (t.getCause() != null && t.getCause() != t) {
            copy.initCause(copyOf(t.getCause()));
        }
        for (Throwable s : t.getSuppressed()) {
            copy.addSuppressed(copyOf(s));
        }
        return copy;
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
