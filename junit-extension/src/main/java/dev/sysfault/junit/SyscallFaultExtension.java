// The JUnit 5 extension: a faulted test's body runs in a worker JVM under libsysfault.so, armed only around the body.
package dev.sysfault.junit;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.FaultSpecException;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.worker.internal.ArmedTest;
import dev.sysfault.worker.internal.ContainerWorkers;
import dev.sysfault.worker.internal.InProcess;
import dev.sysfault.worker.internal.WorkerRun;
import dev.sysfault.worker.internal.Workers;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * status and the last calls it made. Tests without faults run here as usual. In a JVM started with
 * {@code libsysfault.so} preloaded, the run's first faulted test runs here, its rules scoped to the body's threads
 * ({@link InProcess}; {@code sysfault.inProcess=never} sends it to a worker too).
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
 * {@code sysfault.trace.capacity}, {@code sysfault.faults.mustFire}, {@code sysfault.inProcess}; the README describes
 * each.
 */
public class SyscallFaultExtension implements BeforeEachCallback, ExecutionCondition, InvocationInterceptor,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SyscallFaultExtension.class);
    private static final String HANDLED = "handled";

    static {
        // Loaded ahead by WorkerDiscoveryStart in a JVM that may run its first faulted test here (InProcess).
        InProcess.walkAheadWith(SyscallFaultExtension::walkAhead);
    }

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
        if (Workers.inWorker()) {
            return;   // the parent has the faults, and sent their rule table with the test
        }
        testFaults(context).register(faults);   // a value that cannot work is reported here, before parameters
                                                 // are resolved
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
        if (!Workers.inWorker() && runsInWorker(context) && inProcess(context).isEmpty()) {
            invocation.skip();
        } else {
            invocation.proceed();
        }
    }

    private void intercept(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        if (context.getTestMethod().filter(m -> m.isAnnotationPresent(ExploreSyscallFaults.class)).isPresent()) {
            // Its runs are the exploration's (ExplorationRun), which sends them to a worker of this test's image.
            invocation.proceed();
            return;
        }
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(HANDLED) != null) {
            invocation.proceed();   // another instance of this extension (a registered one) took the test
            return;
        }
        store.put(HANDLED, Boolean.TRUE);
        if (Workers.inWorker()) {
            // The parent read the annotations, compiled the table and sent it; here it is only armed.
            if (!ArmedTest.received() && store.get(ArmedTest.class) == null) {
                invocation.proceed();   // in a container for its image alone, with no trace asked for
            } else {
                aroundBody(armed(context), invocation, store.get(InjectedFaults.class, InjectedFaults.class));
            }
        } else if (runsInWorker(context) && inProcess(context).isPresent()) {
            List<Fault> all = faultsOf(context);
            InProcess.Ran ran = inProcess(context).get().run(invocation, compile(all, context));
            FaultsMustFire.after(ran, all, labelsOf(context), context);
        } else if (runsInWorker(context)) {
            List<Fault> all = faultsOf(context);
            RuleTable rules = all.isEmpty() ? null : compile(all, context);
            invocation.skip();
            List<String> labels = labelsOf(context);
            WorkerRun ran = Workers.runInWorker(context, workerImage(context), rules, all, labels);
            FaultsMustFire.after(ran, all, labels, context);
        } else {
            invocation.proceed();
        }
    }

    /** Faults, a parameter to arm faults from the body, or an image to run in ({@link RunInContainer}, {@link GlibcMatrix}). */
    private static boolean runsInWorker(ExtensionContext context) {
        return !faultsOf(context).isEmpty() || ContainerImages.of(context).isPresent()
                || context.getTestMethod().map(m -> Arrays.asList(m.getParameterTypes()).contains(InjectedFaults.class))
                        .orElse(false);
    }

    /**
     * Whether this test, which would run in a worker, runs here after all, as the first faulted test of a JVM that
     * preloads the library ({@link InProcess}): decided once, when its lifecycle methods or its body first ask, after
     * every registered extension added its faults.
     */
    // deprecation: as below.
    @SuppressWarnings("deprecation")
    private static Optional<InProcess> inProcess(ExtensionContext context) {
        if (Workers.inWorker() || context.getTestMethod().isEmpty()) {
            return Optional.empty();
        }
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Here.class, k -> new Here(
                ContainerImages.of(context).isPresent() || workerImage(context).isPresent() ? Optional.empty()
                        : InProcess.claim(context, faultsOf(context), Arrays.stream(context.getRequiredTestMethod()
                                .getParameterTypes()).noneMatch(t -> t == SyscallTrace.class || t == InjectedFaults.class))),
                Here.class).run();
    }

    /** The decision of {@link #inProcess}, as the Store keeps it. */
    private record Here(Optional<InProcess> run) {
    }

    /**
     * Runs the body with the test's rules armed; then closes what the body armed itself and left open, whose
     * faults that never fired fail the test after the body's own failure, as the test's own faults do.
     */
    private static void aroundBody(ArmedTest armed, Invocation<Void> body, InjectedFaults injected) throws Throwable {
        Throwable failure = null;
        try {
            armed.around(body);
        } catch (Throwable t) {
            failure = t;
        }
        List<Throwable> leftArmed = injected == null ? List.of() : injected.closeLeftArmed();
        for (Throwable t : leftArmed) {
            if (failure == null) {
                failure = t;
            } else if (!(failure instanceof org.opentest4j.TestAbortedException)) {
                failure.addSuppressed(t);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The image of this test's worker: an annotation's ({@link ContainerImages}), else, for a test that has a worker,
     * the one {@link WorkerPlacement} chooses ({@code sysfault.worker.where}); empty: a worker on this machine.
     */
    private static Optional<String> workerImage(ExtensionContext context) {
        Optional<String> annotated = ContainerImages.of(context);
        if (annotated.isPresent() || context.getTestMethod().isEmpty()) {
            return annotated;
        }
        // The placement first: where workers stay on this machine, the faults are not read here.
        Optional<String> placed = WorkerPlacement.imageFor(context);
        return placed.isPresent() && runsInWorker(context) ? placed : Optional.empty();
    }

    /** A test that must run in a container is skipped, with the reason, where no Docker engine answers. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> image;
        try {
            image = Workers.inWorker() ? Optional.empty() : workerImage(context);
        } catch (ExtensionConfigurationException e) {
            // A fault written wrong: said when the test runs, as JUnit reports an extension's configuration error,
            // not wrapped as a condition that failed.
            return ConditionEvaluationResult.enabled("its faults are checked when it runs");
        }
        if (image.isEmpty()) {
            return ConditionEvaluationResult.enabled("runs on this machine");
        }
        String asked = ContainerImages.of(context).isPresent() ? "@RunInContainer" : WorkerPlacement.WHERE + "=container";
        return ContainerWorkers.required(asked).unavailableReason()
                .map(ConditionEvaluationResult::disabled).orElseGet(() -> ConditionEvaluationResult.enabled("a Docker engine answers"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == SyscallTrace.class || type == InjectedFaults.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Class<?> type = parameterContext.getParameter().getType();
        if (Workers.inWorker()) {
            return type == SyscallTrace.class ? armed(context).trace() : injected(context);
        }
        if (!runsInWorker(context)) {
            throw new ParameterResolutionException("a " + type.getSimpleName() + " parameter needs a worker JVM: put"
                    + " @InjectSyscallFault (or @RunInContainer) on " + context.getRequiredTestMethod().getName()
                    + " or its class");
        }
        return null;   // this invocation is skipped: the worker resolves the parameter for the real one
    }

    // deprecation: JUnit 6 deprecates Store.getOrComputeIfAbsent for computeIfAbsent, which JUnit 5.13
    // (supported too) lacks.
    @SuppressWarnings("deprecation")
    private static InjectedFaults injected(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(InjectedFaults.class,
                k -> new InjectedFaults(armed(context), FaultsMustFire.required(context)), InjectedFaults.class);
    }

    // deprecation: as above.
    @SuppressWarnings("deprecation")
    private static ArmedTest armed(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(ArmedTest.class, k -> ArmedTest.forReceivedTest(),
                ArmedTest.class);
    }

    /** What a first test here does with its annotations, done once ahead on a method of {@link WalkAhead}. */
    private static void walkAhead() {
        try {
            Method faulted = WalkAhead.class.getDeclaredMethod("faulted");
            TestFaults faults = TestFaults.annotatedOn(faulted, WalkAhead.class);
            if (faulted.isAnnotationPresent(ExploreSyscallFaults.class)
                    || Arrays.asList(faulted.getParameterTypes()).contains(InjectedFaults.class)) {
                throw new IllegalStateException("the walk ahead takes the way of a plain faulted test");
            }
            FaultsMustFire.failure(faults.labels());
            RuleTable.compile(faults.all());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Its method carries a fault as a user's test does; nothing runs it. */
    private static final class WalkAhead {
        @InjectSyscallFault(syscall = "acct", errno = "EPERM", optional = true)
        private static void faulted() {
        }
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
        return testFaults(context).all();
    }

    /** How the user wrote each of {@link #faultsOf}. */
    private static List<String> labelsOf(ExtensionContext context) {
        return testFaults(context).labels();
    }

    // deprecation: JUnit 6 deprecates Store.getOrComputeIfAbsent for computeIfAbsent, which JUnit 5.13
    // (supported too) lacks.
    @SuppressWarnings("deprecation")
    private static TestFaults testFaults(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return TestFaults.none();
        }
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestFaults.class,
                k -> TestFaults.annotatedOn(context.getRequiredTestMethod(), context.getRequiredTestClass()),
                TestFaults.class);
    }
}
