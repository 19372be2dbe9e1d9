// Marks tests that need a Docker engine: without one they are skipped, with the reason, never passed.
package dev.sysfault.container;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a test class or method: skipped (reported as such, with why) when no Docker engine answers, see
 * {@link DockerEngine#unavailableReason()}. An engine that answers but on which Testcontainers cannot set
 * itself up is not a reason to skip: the test fails with {@link DockerEngine#connect()}'s explanation.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDockerCondition.class)
public @interface RequiresDocker {
}
