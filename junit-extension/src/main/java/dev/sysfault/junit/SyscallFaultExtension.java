// The JUnit 5 extension: a faulted test's body runs in a worker JVM under libsysfault.so, armed only around the body.
package dev.sysfault.junit;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.FaultSpecException;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.worker.internal.ArmedTest;
import dev.sysfault.worker.internal.ContainerWorkers;
import dev.sysfault.worker.internal.Workers;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Registered by {@link InjectSyscallFault}; register it yourself for faults written with the DSL:
 *
 * <pre>{@code
 * @RegisterExtension
 * static SyscallFaultExtension faults = SyscallFaultExtension.inject(Fault.on("fsync").fail(Errno.EIO));
 * }</pre>
 *
 * <p>A test with at least one fault is not run in this JVM: its whole invocation ({@code @BeforeEach}, the body,
 * {@code @AfterEach}, parameter resolution, other extensions) runs in a worker JVM that preloads
 * {@code libsysfault.so}, where the faults are armed only around the body. The outcome comes back as this
 * test's: the real exception with its stack trace, an aborted test, or a crash of the worker with its exit
 * status and the last calls it made. Tests without faults run here as usual.
 *
 * <p>Parameters: {@link SyscallTrace} (the calls made while the body ran, by every thread of the worker and its
 * children) and {@link InjectedFaults} (the faults and how often each matched and fired).
 *
 * <p>A fault that fired zero times by the end of the body fails the test, unless it is optional
 * ({@link InjectSyscallFault#optional()}, {@link Fault#optional()}) or the run sets
 * {@code sysfault.faults.mustFire=false}.
 *
 * <p>Configuration parameters ({@code junit-platform.properties}): {@code sysfault.worker.jvmOptions},
 * {@code sysfault.worker.timeout}, {@code sysfault.worker.reuse}, {@code sysfault.worker.java},
 * {@code sysfault.trace.capacity}, {@code sysfault.faults.mustFire}; the README describes each.
 */
public class SyscallFaultExtension implements BeforeEachCallback, ExecutionCondition, InvocationInterceptor,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SyscallFaultExtension.class);
    private static final String REGISTERED = "registered faults";
    private static final String HANDLED = "handled";
    private static final String ANNOTATED = "annotated faults";

    private final List<Fault> faults;

    /** The instance {@link InjectSyscallFault} registers: its faults come from the annotations. */
    public SyscallFaultExtension() {
        this(List.of());
    }

    private SyscallFaultExtension(List<Fault> faults) {
        this.faults = faults;
    }

    /** An extension whose faults apply to every test it is registered for, after the annotations' faults. */
    public static SyscallFaultExtension inject(Fault... faults) {
        Objects.requireNonNull(faults, "faults");
        if (faults.length == 0) {
            throw new FaultSpecException("SyscallFaultExtension.inject() needs at least one fault");
        }
        return new SyscallFaultExtension(List.copyOf(Arrays.asList(faults)));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        faultsOf(context);   // a value that cannot work is reported here, before parameters are resolved
        if (!faults.isEmpty()) {
            registered(context).addAll(faults);
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context) throws Throwable {
        intercept(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        intercept(invocation, context);
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        if (!faultsOf(context).isEmpty()) {
            throw new ExtensionConfigurationException("@InjectSyscallFault on @TestFactory "
                    + context.getRequiredTestMethod().getName() + " is not supported: put the faults on a @Test,"
                    + " @ParameterizedTest or @RepeatedTest");
        }
        return invocation.proceed();
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        skipHereWhenFaulted(invocation, context);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        skipHereWhenFaulted(invocation, context);
    }

    /** A faulted test's lifecycle methods run in the worker, with its body; here they would run twice. */
    private void skipHereWhenFaulted(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        if (!Workers.inWorker() && runsInWorker(context)) {
            invocation.skip();
        } else {
            invocation.proceed();
        }
    }

    private void intercept(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(HANDLED) != null) {
            invocation.proceed();   // another instance of this extension (a registered one) took the test
            return;
        }
        store.put(HANDLED, Boolean.TRUE);
        List<Fault> all = faultsOf(context);
        if (Workers.inWorker()) {
            if (all.isEmpty() && store.get(ArmedTest.class) == null) {
                invocation.proceed();   // in a container for its image alone, with no trace asked for
            } else {
                ArmedTest armed = armed(context, all);
                FaultsMustFire.around(armed, invocation, all, labelsOf(context), context);
            }
        } else if (runsInWorker(context)) {
            compile(all, context);
            invocation.skip();
            Workers.runInWorker(context, ContainerImages.of(context));
        } else {
            invocation.proceed();
        }
    }

    /** Faults, or an image to run in ({@link RunInContainer}, {@link GlibcMatrix}). */
    private static boolean runsInWorker(ExtensionContext context) {
        return !faultsOf(context).isEmpty() || ContainerImages.of(context).isPresent();
    }

    /** A test that must run in a container is skipped, with the reason, where no Docker engine answers. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Workers.inWorker() || ContainerImages.of(context).isEmpty()) {
            return ConditionEvaluationResult.enabled("runs on this machine");
        }
        return ContainerWorkers.required("@RunInContainer").unavailableReason()
                .map(ConditionEvaluationResult::disabled).orElseGet(() -> ConditionEvaluationResult.enabled("a Docker engine answers"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == SyscallTrace.class || type == InjectedFaults.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        List<Fault> all = faultsOf(context);
        Class<?> type = parameterContext.getParameter().getType();
        if (!runsInWorker(context)) {
            throw new ParameterResolutionException("a " + type.getSimpleName() + " parameter needs a worker JVM: put"
                    + " @InjectSyscallFault (or @RunInContainer) on " + context.getRequiredTestMethod().getName()
                    + " or its class");
        }
        if (!Workers.inWorker()) {
            return null;   // this invocation is skipped: the worker resolves the parameter for the real one
        }
        ArmedTest armed = armed(context, all);
        return type == SyscallTrace.class ? armed.trace() : new InjectedFaults(all, armed::counters);
    }

    // deprecation: JUnit 6 deprecates Store.getOrComputeIfAbsent for computeIfAbsent, which JUnit 5.13
    // (supported too) lacks.
    @SuppressWarnings("deprecation")
    private static ArmedTest armed(ExtensionContext context, List<Fault> all) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(ArmedTest.class,
                k -> ArmedTest.prepare(compile(all, context)), ArmedTest.class);
    }

    private static RuleTable compile(List<Fault> all, ExtensionContext context) {
        try {
            return RuleTable.compile(all);
        } catch (FaultSpecException e) {
            throw new ExtensionConfigurationException("the faults of " + context.getDisplayName()
                    + " do not make a rule table: " + e.getMessage(), e);
        }
    }

    private static List<Fault> faultsOf(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return List.of();
        }
        List<Fault> all = new ArrayList<>();
        annotated(context).forEach(a -> all.add(a.fault()));
        all.addAll(registered(context));
        return all;
    }

    /** How the user wrote each of {@link #faultsOf}: the annotation, or the SPEC of a registered fault. */
    private static List<String> labelsOf(ExtensionContext context) {
        List<String> labels = new ArrayList<>();
        annotated(context).forEach(a -> labels.add(a.label()));
        registered(context).forEach(f -> labels.add("the fault " + f.toSpec() + " of SyscallFaultExtension.inject"));
        return labels;
    }

    // unchecked: the Store gives a raw List. deprecation: JUnit 6 deprecates Store.getOrComputeIfAbsent for
    // computeIfAbsent, which JUnit 5.13 (supported too) lacks.
    @SuppressWarnings({"unchecked", "deprecation"})
    private static List<AnnotatedFaults.Annotated> annotated(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(ANNOTATED,
                k -> AnnotatedFaults.of(context.getRequiredTestMethod(), context.getRequiredTestClass()), List.class);
    }

    // unchecked: the Store gives a raw List. deprecation: JUnit 6 deprecates Store.getOrComputeIfAbsent for
    // computeIfAbsent, which JUnit 5.13 (supported too) lacks.
    @SuppressWarnings({"unchecked", "deprecation"})
    private static List<Fault> registered(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(REGISTERED, k -> new ArrayList<Fault>(), List.class);
    }
}
