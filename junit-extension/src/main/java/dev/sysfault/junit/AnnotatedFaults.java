// Turns @InjectSyscallFault annotations into faults through the DSL, naming the element whose value cannot work.
package dev.sysfault.junit;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.FaultSpecException;
import dev.sysfault.fault.Setting;
import dev.sysfault.fault.SettingText;
import dev.sysfault.fault.internal.UserInput;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The faults a test method meets: its own annotations, then its class's, then the enclosing classes'. Each element
 * is read once into the value its {@link Fault} method takes ({@link SettingText}, as JUnit's
 * {@code TimeoutDurationParser} reads {@code @Timeout}) and applied by that method; an error names the element, and
 * its hint speaks in elements ({@link ElementWords}).
 */
final class AnnotatedFaults {

    private static final String ACTIONS = "errno, retval, shorten, blackhole, signal, delay or delayAfter";
    private static final ElementWords WORDS = ElementWords.INSTANCE;

    private AnnotatedFaults() {
    }

    /** A fault and how its annotation was written, for messages about it. */
    record Annotated(Fault fault, String label) {
    }

    static List<Annotated> of(Method method, Class<?> testClass) {
        List<Annotated> faults = new ArrayList<>(from(method, "method " + testClass.getSimpleName() + "."
                + method.getName()));
        for (Class<?> c = testClass; c != null; c = enclosing(c)) {
            faults.addAll(from(c, "class " + c.getName()));
        }
        return faults;
    }

    private static Class<?> enclosing(Class<?> c) {
        return c.isMemberClass() && !Modifier.isStatic(c.getModifiers()) ? c.getEnclosingClass() : null;
    }

    private static List<Annotated> from(AnnotatedElement element, String where) {
        List<Annotated> faults = new ArrayList<>();
        for (InjectSyscallFault a : AnnotationSupport.findRepeatableAnnotations(element, InjectSyscallFault.class)) {
            Fault fault = fault(a, where);
            faults.add(new Annotated(a.optional() ? fault.optional() : fault, label(a) + " on " + where));
        }
        return faults;
    }

    /** The annotation as written: {@code @InjectSyscallFault(syscall = "fsync", errno = "EIO")}. */
    private static String label(InjectSyscallFault a) {
        List<String> shown = new ArrayList<>();
        if (!a.syscall().isEmpty()) {
            shown.add("syscall = \"" + a.syscall() + "\"");
        }
        elements(a).forEach((element, value) -> shown.add(element + " = \"" + value + "\""));
        if (a.blackhole()) {
            shown.add("blackhole = true");
        }
        if (a.times() != 0) {
            shown.add("times = " + a.times());
        }
        if (a.probability() != -1) {
            shown.add("probability = " + a.probability());
            shown.add("seed = " + a.seed());
        }
        if (!a.spec().isEmpty()) {
            shown.add("spec = \"" + a.spec() + "\"");
        }
        return "@InjectSyscallFault(" + String.join(", ", shown) + ")";
    }

    /** The annotation as a fault: each element given is applied by its DSL method, in the order a SPEC lists them. */
    static Fault fault(InjectSyscallFault a, String where) {
        Map<String, String> given = elements(a);
        if (!a.spec().isEmpty()) {
            if (a.blackhole()) {
                throw wrong(where, "spec", a.spec(), "spec takes a whole SPEC; leave out blackhole = true or write"
                        + " :blackhole into the SPEC");
            }
            if (!given.isEmpty()) {
                throw wrong(where, "spec", a.spec(), "spec takes a whole SPEC; leave out " + String.join(", ",
                        given.keySet()) + " or write them into the SPEC");
            }
            return element(where, "spec", a.spec(), () -> Fault.parse(a.spec()));
        }
        if (a.syscall().isEmpty()) {
            throw new ExtensionConfigurationException("@InjectSyscallFault on " + where
                    + " names no syscall: write syscall = \"fsync\" (or a class like \"%file\"), or a whole spec = \"...\"");
        }
        Fault fault = element(where, "syscall", a.syscall(), () -> Fault.onSet(a.syscall(), WORDS));
        boolean action = false;
        for (Map.Entry<String, String> e : given.entrySet()) {
            Fault before = fault;
            String value = e.getValue();
            fault = element(where, e.getKey(), value, () -> switch (e.getKey()) {
                case "errno" -> before.fail(SettingText.errno(value, WORDS));
                case "retval" -> before.returnValue(SettingText.retval(value, WORDS));
                case "shorten" -> SettingText.shorten(before, value, WORDS);
                case "signal" -> before.signal(value);
                case "delay" -> before.delay(SettingText.delay(value, Setting.DELAY, WORDS));
                case "delayAfter" -> before.delayAfter(SettingText.delay(value, Setting.DELAY_AFTER, WORDS));
                case "when" -> before.when(SettingText.when(value, WORDS));
                case "path" -> before.path(noColon(value));
                case "fdPath" -> before.fdPath(noColon(value));
                default -> throw new IllegalStateException("no element " + e.getKey());
            });
            action |= !List.of("when", "path", "fdPath").contains(e.getKey());
        }
        if (a.blackhole()) {
            Fault before = fault;
            fault = element(where, "blackhole", "true", before::blackhole);
            action = true;
        }
        if (a.times() != 0) {
            Fault before = fault;
            fault = element(where, "times", Integer.toString(a.times()), () -> before.times(a.times()));
        }
        if (a.probability() != -1) {
            Fault before = fault;
            fault = element(where, "probability", Double.toString(a.probability()),
                    () -> before.probability(a.probability(), a.seed()));
        } else if (a.seed() != 0) {
            throw wrong(where, "seed", Long.toString(a.seed()), "seed goes with probability: add probability = 0.1");
        }
        if (!action) {
            throw new ExtensionConfigurationException("@InjectSyscallFault on " + where + " gives syscall \""
                    + a.syscall() + "\" but no action: add one of " + ACTIONS + ", as in errno = \"EIO\"");
        }
        return fault;
    }

    /** The elements given as text, in the order a SPEC lists their keys: actions, then matchers and the trigger. */
    private static Map<String, String> elements(InjectSyscallFault a) {
        Map<String, String> given = new LinkedHashMap<>();
        put(given, "errno", a.errno());
        put(given, "retval", a.retval());
        put(given, "shorten", a.shorten());
        put(given, "signal", a.signal());
        put(given, "delay", a.delay());
        put(given, "delayAfter", a.delayAfter());
        put(given, "when", a.when());
        put(given, "path", a.path());
        put(given, "fdPath", a.fdPath());
        return given;
    }

    private static void put(Map<String, String> given, String element, String value) {
        if (!value.isEmpty()) {
            given.put(element, value);
        }
    }

    /** The worker JVM's {@link InjectedFaults#faults()} reads a fault back from its SPEC, where ':' ends a value. */
    private static String noColon(String glob) {
        if (glob.indexOf(':') >= 0) {
            throw new FaultSpecException("a glob cannot contain ':' here; for such a path, use the DSL"
                    + " (SyscallFaultExtension.inject(Fault.on(...).path(...)))");
        }
        return glob;
    }

    /** One step of the DSL for one element; what it refuses is reported naming that element. */
    private static Fault element(String where, String element, String value, Supplier<Fault> step) {
        try {
            return step.get();
        } catch (FaultSpecException e) {
            throw wrong(where, element, value, e.getMessage());
        }
    }

    private static ExtensionConfigurationException wrong(String where, String element, String value, String why) {
        return new ExtensionConfigurationException("@InjectSyscallFault(" + element + " = " + UserInput.quote(value)
                + ") on " + where + ": " + why);
    }
}
