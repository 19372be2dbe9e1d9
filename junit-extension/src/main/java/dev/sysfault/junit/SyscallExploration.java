// The extension behind @ExploreSyscallFaults: the fault-free invocation first, then one invocation per planned fault.
package dev.sysfault.junit;

import dev.sysfault.worker.internal.Workers;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The invocations are made lazily: JUnit runs each before it asks for the next, so the plan is made from the
 * fault-free invocation's recording when the second is asked for. The worker runs one invocation that the parent
 * selected by its unique id ({@code [test-template-invocation:#7]}); there the provider makes that many invocations,
 * which only carry the worker's side ({@link ExplorationRun#inWorker()}): the rules come from the parent.
 */
final class SyscallExploration implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SyscallExploration.class);
    private static final Pattern INVOCATION = Pattern.compile("\\[test-template-invocation:#(\\d+)]$");

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, ExploreSyscallFaults.class))
                .isPresent();
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        if (Workers.inWorker()) {
            Matcher m = INVOCATION.matcher(Workers.receivedTestId());
            int count = m.find() ? Integer.parseInt(m.group(1)) : 0;
            return IntStream.rangeClosed(1, count).mapToObj(i -> ExplorationRun.inWorker());
        }
        ExploreSyscallFaults annotation = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(),
                ExploreSyscallFaults.class).orElseThrow();
        Exploration exploration = new Exploration(ExplorationSettings.of(annotation), new ExplorationSummary(
                context.getRequiredTestClass().getName() + "." + context.getRequiredTestMethod().getName()));
        // Closed with the method: the runs started ahead end with it.
        context.getStore(NAMESPACE).put(Exploration.class, exploration);
        Stream<TestTemplateInvocationContext> faultFree = Stream.of(new ExplorationRun(exploration, Optional.empty()));
        Stream<TestTemplateInvocationContext> faulted = Stream.of(exploration).flatMap(e -> e.runs().stream()
                .map(c -> new ExplorationRun(e, Optional.of(c))));
        return Stream.concat(faultFree, faulted);
    }
}
