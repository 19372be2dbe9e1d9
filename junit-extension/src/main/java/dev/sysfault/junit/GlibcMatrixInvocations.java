// The invocations of a @GlibcMatrix test: one per image, named by image and glibc version.
package dev.sysfault.junit;

import dev.sysfault.worker.internal.ContainerWorkers;
import dev.sysfault.worker.internal.Workers;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The worker in each container runs the same invocation again by its unique id ({@code #2}), so the
 * invocations are the annotation's images in order; the glibc version in the name comes from the image's
 * {@code dev.sysfault.glibc} label, read here only (a worker has no Docker), through {@code ContainerWorkers}:
 * without {@code sysfault-testcontainers} the matrix fails at once, naming the artifact.
 */
final class GlibcMatrixInvocations implements TestTemplateInvocationContextProvider {

    private static final Map<String, String> GLIBC = new ConcurrentHashMap<>();

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getTestMethod(), GlibcMatrix.class);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        GlibcMatrix matrix = AnnotationSupport.findAnnotation(context.getTestMethod(), GlibcMatrix.class).orElseThrow();
        ContainerWorkers.required("@GlibcMatrix");   // before any invocation: without it, none can run
        if (matrix.value().length == 0) {
            throw new ExtensionConfigurationException("@GlibcMatrix on " + context.getRequiredTestMethod().getName()
                    + " names no image: write @GlibcMatrix({\"sysfault/debian:bullseye\", ...})");
        }
        return Arrays.stream(matrix.value()).map(Invocation::new);
    }

    private static String displayName(String image) {
        String shortName = image.startsWith("sysfault/debian:") ? image.substring("sysfault/debian:".length()) : image;
        if (Workers.inWorker()) {
            return "[" + shortName + "]";
        }
        ContainerWorkers containers = ContainerWorkers.required("@GlibcMatrix");
        if (containers.unavailableReason().isPresent()) {
            return "[" + shortName + "]";
        }
        String glibc = GLIBC.computeIfAbsent(image, containers::glibcOf);
        return "[" + shortName + "] glibc " + glibc;
    }

    /** One image: its name, the ContainerImage parameter, and the image for the worker (kept in the store). */
    private record Invocation(String image) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return displayName(image);
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new ImageOfInvocation(image));
        }
    }

    /** Skips the invocation without Docker; tells the extension and the test which image it is for. */
    private record ImageOfInvocation(String image) implements BeforeEachCallback, ParameterResolver, ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Workers.inWorker()) {
                return ConditionEvaluationResult.enabled("in the worker of " + image);
            }
            return ContainerWorkers.required("@GlibcMatrix").unavailableReason()
                    .map(ConditionEvaluationResult::disabled)
                    .orElseGet(() -> ConditionEvaluationResult.enabled("a Docker engine answers"));
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            ContainerImages.chooseForThisTest(context, image);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return parameterContext.getParameter().getType() == ContainerImage.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return new ContainerImage(image);
        }
    }
}
