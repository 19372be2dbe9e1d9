// Starts a worker as discovery begins, when a selected class has a faulted test, so a run's first one finds it sooner.
package dev.sysfault.junit.internal;

import dev.sysfault.junit.GlibcMatrix;
import dev.sysfault.junit.InjectSyscallFault;
import dev.sysfault.junit.InjectSyscallFaults;
import dev.sysfault.junit.RunInContainer;
import dev.sysfault.junit.SyscallFaultExtension;
import dev.sysfault.worker.internal.InProcess;
import dev.sysfault.worker.internal.SpareWorker;
import dev.sysfault.worker.internal.WorkerSettings;
import dev.sysfault.worker.internal.Workers;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.NestedClassSelector;
import org.junit.platform.engine.discovery.NestedMethodSelector;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * Registered through {@code META-INF/services}, like {@link WorkerPrestart}. Discovery in a fresh JVM takes a few
 * hundred milliseconds, which the worker spends starting. Build tools select classes by name (IDEs also methods),
 * so the selected classes are looked at in the background, without waiting for JUnit's discovery, first in their
 * class files ({@link FaultsInClassFile}), then by reflection: a faulted test among them starts the worker, with the
 * request's configuration. A run selected otherwise (by package, say) gets its worker when the plan is made; a plan
 * without faulted tests closes a worker started here (a class's faulted test may have been filtered out, or a
 * method selected without faults of its own in a class that has some). A worker JVM's own discovery starts nothing.
 */
public final class WorkerDiscoveryStart implements LauncherDiscoveryListener {

    /** How deep nested classes are looked into. */
    private static final int NESTING = 3;

    @Override
    public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
        if (Workers.inWorker()) {
            return;
        }
        List<Selected> selected = new ArrayList<>();
        request.getSelectorsByType(ClassSelector.class).forEach(s -> selected.add(new Selected(s.getClassName(), null)));
        request.getSelectorsByType(MethodSelector.class)
                .forEach(s -> selected.add(new Selected(s.getClassName(), s.getMethodName())));
        request.getSelectorsByType(NestedClassSelector.class)
                .forEach(s -> selected.add(new Selected(s.getNestedClassName(), null)));
        request.getSelectorsByType(NestedMethodSelector.class)
                .forEach(s -> selected.add(new Selected(s.getNestedClassName(), s.getMethodName())));
        if (selected.isEmpty()) {
            return;
        }
        if (InProcess.expected(key -> request.getConfigurationParameters().get(key))) {
            prepareInProcess();   // its worker starts once the test plan's first faulted test ran here (WorkerPrestart)
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        SpareWorker.prepareEarly(() -> selected.stream().anyMatch(s -> s.faulted(loader)),
                () -> WorkerSettings.from(key -> request.getConfigurationParameters().get(key)));
    }

    /**
     * In a JVM whose {@code LD_PRELOAD} names the library, where the first faulted test runs ({@link InProcess}): the
     * library is bound, and that test's way walked once, in the background while discovery goes on. The extension's
     * static initializer hands its part of the way to {@link InProcess#walkAheadWith}, so it is run first.
     */
    static void prepareInProcess() {
        if (!InProcess.mayRunHere()) {
            return;
        }
        try {
            Class.forName(SyscallFaultExtension.class.getName(), true, SyscallFaultExtension.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        InProcess.prepareEarly();
    }

    /** Would the class (or its method, if {@code methodName} is not null) selected so need a worker here? */
    static boolean faultedSelection(String className, String methodName, ClassLoader loader) {
        return new Selected(className, methodName).faulted(loader);
    }

    /**
     * A class selected by name, or one of its methods. Looked at with plain reflection, which costs a JVM that
     * is still starting far less than JUnit's annotation search: faults directly on the class, an enclosing class,
     * a method (also inherited) or a nested class, or on an annotation of the user's there ({@code @DiskFull}).
     */
    private record Selected(String className, String methodName) {

        boolean faulted(ClassLoader loader) {
            if (FaultsInClassFile.namesFaults(className, loader)) {
                return true;   // a selected method without faults of its own then starts a worker its plan closes
            }
            try {
                Class<?> c = Class.forName(className, false, loader);
                if (methodName != null) {
                    return faultedOrEnclosed(c) || methods(c).anyMatch(m -> m.getName().equals(methodName)
                            && faultedHere(m));
                }
                return faultedClass(c, NESTING);
            } catch (ClassNotFoundException | LinkageError | RuntimeException notLoadable) {
                return false;   // discovery reports it
            }
        }

        private static boolean faultedClass(Class<?> c, int depth) {
            return faultedOrEnclosed(c) || methods(c).anyMatch(Selected::faultedHere)
                    || depth > 0 && Stream.of(c.getDeclaredClasses()).anyMatch(n -> faultedClass(n, depth - 1));
        }

        private static boolean faultedOrEnclosed(Class<?> c) {
            for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
                if (faultedHere(k)) {
                    return true;
                }
            }
            return false;
        }

        private static Stream<Method> methods(Class<?> c) {
            Stream<Method> methods = Stream.empty();
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                methods = Stream.concat(methods, Stream.of(k.getDeclaredMethods()));
            }
            return methods;
        }

        /** Faults on {@code element} for a worker on this machine (not in a container). */
        private static boolean faultedHere(AnnotatedElement element) {
            boolean faults = false;
            for (Annotation a : element.getAnnotations()) {
                Class<? extends Annotation> type = a.annotationType();
                if (is(type, RunInContainer.class) || is(type, GlibcMatrix.class)) {
                    return false;
                }
                faults |= is(type, InjectSyscallFault.class) || is(type, InjectSyscallFaults.class);
            }
            return faults;
        }

        /** {@code type} is {@code wanted}, or an annotation annotated with it. */
        private static boolean is(Class<? extends Annotation> type, Class<? extends Annotation> wanted) {
            return type == wanted || type.isAnnotationPresent(wanted);
        }
    }
}
