// Handles a signal in this JVM with sun.misc.Signal, reached by reflection: javac warns at every mention of it.
package dev.sysfault.run.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * {@code sun.misc.Signal} (module jdk.unsupported, kept for this use) is the JDK's only way to handle a signal. javac
 * warns at every mention of it as internal proprietary API, a warning that no {@code -Xlint} key or
 * {@code @SuppressWarnings} name turns off, and the build makes warnings errors; so it is named here only, by string.
 * The command line passes signals on with it; tests count signals with it.
 */
public final class SignalHandlers {

    private SignalHandlers() {
    }

    /**
     * Runs {@code action} each time the signal {@code name} ({@code "INT"}, {@code "TERM"}...) arrives, on the JVM's
     * signal thread. Returns false if the JVM keeps that signal for itself (with {@code -Xrs}, say); its default
     * then applies.
     */
    public static boolean handle(String name, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object proxy = Proxy.newProxyInstance(SignalHandlers.class.getClassLoader(), new Class<?>[] {handler},
                    (self, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "equals" -> self == args[0];
                        case "hashCode" -> System.identityHashCode(self);
                        default -> "the handler of SIG" + name;   // toString
                    });
            signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class)
                    .newInstance(name), proxy);
            return true;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                return false;
            }
            throw new IllegalStateException("cannot handle SIG" + name + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JVM has no sun.misc.Signal (module jdk.unsupported): " + e, e);
        }
    }
}
