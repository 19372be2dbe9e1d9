// What the parent and a worker JVM say to each other over the worker's socket (Java serialization, same class path).
package dev.sysfault.worker;

import java.io.Serializable;

/** The worker protocol: the worker says {@link Ready}; then, per test, {@link RunTest} and its {@link Outcome}. */
final class Messages {

    private Messages() {
    }

    /** The worker is connected; it binds the library while the parent sends the first test. */
    record Ready() implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Run the test with this unique id (a method, a template invocation, in a nested class...). */
    record RunTest(String uniqueId) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** How the test ended; {@code thrown} is a serialized Throwable (see {@link ThrownAcross}), or null. */
    record Outcome(Status status, byte[] thrown, String reason) implements Serializable {
        private static final long serialVersionUID = 1L;

        enum Status { PASSED, FAILED, ABORTED, SKIPPED }
    }
}
