// Starts a worker when a test run begins whose plan holds a faulted test, so its first faulted test need not wait.
package dev.sysfault.junit.internal;

import dev.sysfault.junit.GlibcMatrix;
import dev.sysfault.junit.InjectSyscallFault;
import dev.sysfault.junit.RunInContainer;
import dev.sysfault.run.internal.NativeLibrary;
import dev.sysfault.worker.internal.InProcess;
import dev.sysfault.worker.internal.SpareWorker;
import dev.sysfault.worker.internal.WorkerSettings;
import dev.sysfault.worker.internal.Workers;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Registered through {@code META-INF/services} with the launcher that a build tool or IDE runs. The worker it
 * starts is the spare of {@link SpareWorker}: taken by the first faulted class if its settings match, else
 * closed. Runs in the background; a plan without faulted tests (or a worker JVM's own) starts nothing, and
 * closes the worker {@link WorkerDiscoveryStart} started for it. In a JVM that preloads the library, it also binds
 * the library for the run's first faulted test, which runs here ({@link InProcess}), and starts the worker only once
 * that test ended.
 */
public final class WorkerPrestart implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        if (Workers.inWorker()) {
            return;
        }
        if (!hasFaultedTest(plan)) {
            SpareWorker.planWithoutFaults();
            return;
        }
        WorkerDiscoveryStart.prepareInProcess();
        Runnable start = () -> {
            try {
                SpareWorker.prepare(WorkerSettings.from(key -> plan.getConfigurationParameters().get(key)),
                        NativeLibrary.path());
            } catch (RuntimeException e) {
                // no library here, a bad parameter...: the faulted test itself will say so
            }
        };
        if (InProcess.expected(key -> plan.getConfigurationParameters().get(key))) {
            InProcess.startAfterFirst(start);
        } else {
            start.run();
        }
    }

    /** The test that ran in this JVM ended: the worker for the later ones may start ({@link InProcess}). */
    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        InProcess.ended(id.getUniqueId());
    }

    /**
     * Looks at every identifier with a method, tests and containers alike: a repeated, parameterized or factory
     * method is in the plan only as a container when the run begins; its invocations are added as they run.
     */
    private static boolean hasFaultedTest(TestPlan plan) {
        return plan.getRoots().stream().flatMap(root -> plan.getDescendants(root).stream())
                .map(TestIdentifier::getSource).flatMap(Optional::stream).anyMatch(WorkerPrestart::faulted);
    }

    /** A method with faults of its own or of its class, on this machine (containers have their own workers). */
    private static boolean faulted(TestSource source) {
        if (!(source instanceof MethodSource m)) {
            return false;
        }
        try {
            Method method = m.getJavaMethod();
            return annotated(method) || annotated(method.getDeclaringClass()) || annotated(m.getJavaClass());
        } catch (RuntimeException notLoadable) {
            return false;
        }
    }

    private static boolean annotated(AnnotatedElement element) {
        return !AnnotationSupport.findRepeatableAnnotations(element, InjectSyscallFault.class).isEmpty()
                && !AnnotationSupport.isAnnotated(element, RunInContainer.class)
                && !AnnotationSupport.isAnnotated(element, GlibcMatrix.class);
    }
}
