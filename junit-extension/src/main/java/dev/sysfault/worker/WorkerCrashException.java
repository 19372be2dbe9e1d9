// A test's failure when its worker JVM died or hung: exit status, the calls the test made last, its faults, its last output.
package dev.sysfault.worker;

/** The worker is replaced; the next test gets a fresh one. */
public final class WorkerCrashException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Made by the worker's parent, with the report; not for tests. */
    public WorkerCrashException(String message, Throwable cause) {
        super(message, cause);
    }
}
