// The test a new worker runs before any real one, so JUnit's classes are loaded by the time the first arrives.
package dev.sysfault.worker;

import org.junit.jupiter.api.Test;

/** Run by {@link TestRunner#warmUp()} only, by class; not a test of the project. */
class WarmUp {

    @Test
    void loadsJUnit() {
        // nothing: discovering and running an empty test is the point
    }
}
