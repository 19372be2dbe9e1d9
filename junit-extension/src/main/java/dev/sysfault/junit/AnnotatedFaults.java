// Turns @InjectSyscallFault annotations into faults, naming the element whose value cannot work.
package dev.sysfault.junit;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.FaultSpecException;
import dev.sysfault.fault.UserInput;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/** The faults a test method meets: its own annotations, then its class's, then the enclosing classes'. */
final class AnnotatedFaults {

    /** strace's --inject keys for the elements that are one key=value each, in the order a SPEC lists them. */
    private static final List<String[]> KEYS = List.of(
            new String[] {"errno", "error"}, new String[] {"retval", "retval"}, new String[] {"shorten", "short"},
            new String[] {"signal", "signal"}, new String[] {"delay", "delay_enter"},
            new String[] {"delayAfter", "delay_exit"}, new String[] {"when", "when"},
            new String[] {"path", "path"}, new String[] {"fdPath", "fd_path"});
    private static final String ACTIONS = "errno, retval, shorten, blackhole, signal, delay or delayAfter";

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

    /** The annotation as a fault; each element is checked alone first, so an error can name it. */
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
            return parse(a.spec(), where, "spec", a.spec());
        }
        if (a.syscall().isEmpty()) {
            throw new ExtensionConfigurationException("@InjectSyscallFault on " + where
                    + " names no syscall: write syscall = \"fsync\" (or a class like \"%file\"), or a whole spec = \"...\"");
        }
        checkNoColon(where, "syscall", a.syscall());
        parse(a.syscall() + ":retval=0", where, "syscall", a.syscall());
        StringBuilder spec = new StringBuilder(a.syscall());
        boolean action = false;
        for (String[] key : KEYS) {
            String value = given.get(key[0]);
            if (value == null) {
                continue;
            }
            checkNoColon(where, key[0], value);
            boolean isAction = !List.of("when", "path", "fdPath").contains(key[0]);
            parse(a.syscall() + ":" + key[1] + "=" + value + (isAction ? "" : ":retval=0"), where, key[0], value);
            spec.append(':').append(key[1]).append('=').append(value);
            action |= isAction;
        }
        if (a.blackhole()) {
            parse(a.syscall() + ":blackhole", where, "blackhole", "true");
            spec.append(":blackhole");
            action = true;
        }
        if (a.times() != 0) {
            parse(a.syscall() + ":retval=0:times=" + a.times(), where, "times", Integer.toString(a.times()));
            spec.append(":times=").append(a.times());
        }
        if (a.probability() != -1) {
            parse(a.syscall() + ":retval=0:probability=" + a.probability(), where, "probability",
                    Double.toString(a.probability()));
            spec.append(":probability=").append(a.probability()).append(":seed=").append(Long.toUnsignedString(a.seed()));
        } else if (a.seed() != 0) {
            throw wrong(where, "seed", Long.toString(a.seed()), "seed goes with probability: add probability = 0.1");
        }
        if (!action) {
            throw new ExtensionConfigurationException("@InjectSyscallFault on " + where + " gives syscall \""
                    + a.syscall() + "\" but no action: add one of " + ACTIONS + ", as in errno = \"EIO\"");
        }
        return parse(spec.toString(), where, "syscall", a.syscall());
    }

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

    private static void checkNoColon(String where, String element, String value) {
        if (value.indexOf(':') >= 0) {
            throw wrong(where, element, value, "values cannot contain ':'; for such a path, use the DSL"
                    + " (SyscallFaultExtension.inject(Fault.on(...).path(...)))");
        }
    }

    private static Fault parse(String spec, String where, String element, String value) {
        try {
            return Fault.parse(spec);
        } catch (FaultSpecException e) {
            String why = e.getMessage().replaceFirst("^in SPEC \"[^\"]*\", ", "")
                    .replaceFirst(" at position \\d+", "");
            throw wrong(where, element, value, why);
        }
    }

    private static ExtensionConfigurationException wrong(String where, String element, String value, String why) {
        return new ExtensionConfigurationException("@InjectSyscallFault(" + element + " = " + UserInput.quote(value)
                + ") on " + where + ": " + why);
    }
}
