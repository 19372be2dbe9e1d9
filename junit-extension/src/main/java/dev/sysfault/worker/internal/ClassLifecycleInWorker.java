// In a worker JVM: a class's static @BeforeAll runs once for all its tests there, its @AfterAll once at the end.
package dev.sysfault.worker.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The worker runs each test as a launcher execution of its own (TestRunner), so JUnit would run the class's
 * {@code @BeforeAll} and {@code @AfterAll} around every one: a class that starts a server once would start it per
 * test. A worker serves one class, and its static fields outlive each execution; so here a static {@code @BeforeAll}
 * runs the first time only (a failure is thrown again for every later test, as JUnit fails them all), and a static
 * {@code @AfterAll} runs once, when the parent is done with the worker ({@link #runAfterAll()}). Non-static ones
 * ({@code @TestInstance(PER_CLASS)}) set up an instance that each execution makes anew, so they run as before.
 *
 * <p>Registered in the worker's launcher only (TestRunner turns on autodetection for this class), through
 * {@code META-INF/services}; outside a worker it does nothing, should a build enable autodetection.
 */
public final class ClassLifecycleInWorker implements InvocationInterceptor {

    /** Each static @BeforeAll that ran, and what it threw (empty when it passed). */
    private static final Map<Method, Optional<Throwable>> SET_UP = new LinkedHashMap<>();
    /** Each static @AfterAll met, with the arguments JUnit resolved for it, in the order met. */
    private static final Map<Method, List<Object>> TEAR_DOWN = new LinkedHashMap<>();

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        Method method = invocationContext.getExecutable();
        if (!Workers.inWorker() || !Modifier.isStatic(method.getModifiers())) {
            invocation.proceed();
            return;
        }
        Optional<Throwable> earlier;
        synchronized (SET_UP) {
            earlier = SET_UP.get(method);
        }
        if (earlier != null) {
            invocation.skip();
            if (earlier.isPresent()) {
                throw earlier.get();
            }
            return;
        }
        try {
            invocation.proceed();
            remember(method, Optional.empty());
        } catch (Throwable t) {
            remember(method, Optional.of(t));
            throw t;
        }
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        Method method = invocationContext.getExecutable();
        if (!Workers.inWorker() || !Modifier.isStatic(method.getModifiers())) {
            invocation.proceed();
            return;
        }
        invocation.skip();
        synchronized (TEAR_DOWN) {
            TEAR_DOWN.putIfAbsent(method, new ArrayList<>(invocationContext.getArguments()));
        }
    }

    private static void remember(Method method, Optional<Throwable> thrown) {
        synchronized (SET_UP) {
            SET_UP.put(method, thrown);
        }
    }

    /**
     * Runs the deferred @AfterAll methods, the last class's first (JUnit's order: a nested class's before its
     * enclosing class's). The parent no longer listens, so what one throws goes to stderr, as JUnit's console does.
     */
    static void runAfterAll() {
        List<Map.Entry<Method, List<Object>>> methods;
        synchronized (TEAR_DOWN) {
            methods = new ArrayList<>(TEAR_DOWN.entrySet());
        }
        for (int i = methods.size() - 1; i >= 0; i--) {
            Method method = methods.get(i).getKey();
            try {
                method.setAccessible(true);
                method.invoke(null, methods.get(i).getValue().toArray());
            } catch (InvocationTargetException e) {
                System.err.println("sysfault worker: @AfterAll " + method + " threw:");
                e.getCause().printStackTrace();
            } catch (ReflectiveOperationException | RuntimeException e) {
                System.err.println("sysfault worker: @AfterAll " + method + " could not run: " + e);
            }
        }
    }
}
