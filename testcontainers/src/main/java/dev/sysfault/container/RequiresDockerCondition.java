// The JUnit condition behind @RequiresDocker.
package dev.sysfault.container;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Disables the annotated tests, with {@link DockerEngine#unavailableReason()}, when no Docker engine answers. */
public final class RequiresDockerCondition implements ExecutionCondition {

    /** Made by JUnit, for {@link RequiresDocker}. */
    public RequiresDockerCondition() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return DockerEngine.unavailableReason().map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("a Docker engine answers at "
                        + DockerEngine.dockerHost()));
    }
}
