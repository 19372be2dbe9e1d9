// The faults of one test invocation, in rule order, and how the user wrote each: what the extension keeps per test.
package dev.sysfault.junit;

import dev.sysfault.fault.Fault;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The annotations' faults (read once, when the test's context first asks), then those of registered
 * {@link SyscallFaultExtension}s (added by each one's {@code beforeEach}). Kept in the test's Store under its own
 * class, so that it is read back typed.
 */
final class TestFaults {

    private final List<AnnotatedFaults.Annotated> annotated;
    private final List<Fault> registered = new ArrayList<>();

    private TestFaults(List<AnnotatedFaults.Annotated> annotated) {
        this.annotated = List.copyOf(annotated);
    }

    static TestFaults annotatedOn(Method method, Class<?> testClass) {
        return new TestFaults(AnnotatedFaults.of(method, testClass));
    }

    static TestFaults none() {
        return new TestFaults(List.of());
    }

    void register(List<Fault> faults) {
        registered.addAll(faults);
    }

    /** Every fault, first match first. */
    List<Fault> all() {
        List<Fault> all = new ArrayList<>();
        annotated.forEach(a -> all.add(a.fault()));
        all.addAll(registered);
        return all;
    }

    /** How the user wrote each of {@link #all()}: the annotation, or the SPEC of a registered fault. */
    List<String> labels() {
        List<String> labels = new ArrayList<>();
        annotated.forEach(a -> labels.add(a.label()));
        registered.forEach(f -> labels.add("the fault " + f.toSpec() + " of SyscallFaultExtension.inject"));
        return labels;
    }

    boolean isEmpty() {
        return annotated.isEmpty() && registered.isEmpty();
    }
}
