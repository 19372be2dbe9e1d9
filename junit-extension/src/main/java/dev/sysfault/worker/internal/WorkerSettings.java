// How workers are started and kept, from JUnit configuration parameters (junit-platform.properties).
package dev.sysfault.worker.internal;

import dev.sysfault.fault.internal.UserInput;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * <table>
 * <caption>Configuration parameters</caption>
 * <tr><th>parameter</th><th>default</th><th></th></tr>
 * <tr><td>{@code sysfault.worker.jvmOptions}</td><td>none</td><td>more options for the worker JVM, space-separated
 *     ({@code -Xmx512m -XX:+UseSerialGC}); it already gets this JVM's options and system properties, after
 *     {@code -XX:TieredStopAtLevel=1} (only the quick compiler: a worker is short-lived), which
 *     {@code -XX:TieredStopAtLevel=4} here undoes</td></tr>
 * <tr><td>{@code sysfault.worker.timeout}</td><td>{@code 120s}</td><td>how long one test may run in the worker
 *     before it is killed and the test fails: {@code 30s}, {@code 500ms}, {@code 2m} or ISO-8601
 *     ({@code PT30S})</td></tr>
 * <tr><td>{@code sysfault.worker.reuse}</td><td>{@code class}</td><td>{@code class}: a worker serves the tests of
 *     one top-level class, one test at a time; {@code test}: a fresh worker for every test</td></tr>
 * <tr><td>{@code sysfault.worker.java}</td><td>this JVM's {@code bin/java}</td><td>the java to run workers with</td></tr>
 * <tr><td>{@code sysfault.worker.cds}</td><td>{@code true}</td><td>{@code false}: workers load every class from
 *     the class path, without the class data sharing archive of {@link ClassArchive}</td></tr>
 * <tr><td>{@code sysfault.trace.capacity}</td><td>{@code 65536}</td><td>events the worker's trace ring holds; older
 *     ones are overwritten and counted as lost</td></tr>
 * <tr><td>{@code sysfault.faults.mustFire}</td><td>{@code true}</td><td>{@code false}: a fault that never fired
 *     does not fail its test (as if every fault were {@code optional})</td></tr>
 * </table>
 */
public record WorkerSettings(List<String> jvmOptions, Duration timeout, boolean reusePerClass, Path java,
        int traceCapacity, boolean classArchive, boolean faultsMustFire) {

    public static final String JVM_OPTIONS = "sysfault.worker.jvmOptions";
    public static final String TIMEOUT = "sysfault.worker.timeout";
    public static final String REUSE = "sysfault.worker.reuse";
    public static final String JAVA = "sysfault.worker.java";
    public static final String CLASS_ARCHIVE = "sysfault.worker.cds";
    public static final String TRACE_CAPACITY = "sysfault.trace.capacity";
    /** Read in the worker, where faults are checked; passed to it as a system property (see {@link WorkerCommand}). */
    public static final String FAULTS_MUST_FIRE = "sysfault.faults.mustFire";

    // Written out, as WorkerCommand's: a record's own cost the first faulted test of a JVM tens of milliseconds.
    @Override
    public boolean equals(Object o) {
        return o instanceof WorkerSettings s && jvmOptions.equals(s.jvmOptions) && timeout.equals(s.timeout)
                && reusePerClass == s.reusePerClass && java.equals(s.java) && traceCapacity == s.traceCapacity
                && classArchive == s.classArchive && faultsMustFire == s.faultsMustFire;
    }

    @Override
    public int hashCode() {
        return Objects.hash(jvmOptions, timeout, reusePerClass, java, traceCapacity, classArchive, faultsMustFire);
    }

    static WorkerSettings from(ExtensionContext context) {
        return from(context::getConfigurationParameter);
    }

    /** From a source of configuration parameters, such as a test plan's. */
    public static WorkerSettings from(Function<String, Optional<String>> parameters) {
        List<String> options = parameters.apply(JVM_OPTIONS)
                .map(v -> List.of(v.trim().split("\\s+"))).filter(l -> !l.get(0).isEmpty()).orElse(List.of());
        Duration timeout = parameter(parameters, TIMEOUT, WorkerSettings::duration, Duration.ofSeconds(120),
                "a duration like 30s, 500ms, 2m or PT30S");
        boolean perClass = parameter(parameters, REUSE, v -> switch (v) {
            case "class" -> true;
            case "test" -> false;
            default -> throw new IllegalArgumentException();
        }, true, "class or test");
        Path java = parameters.apply(JAVA).map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        int capacity = parameter(parameters, TRACE_CAPACITY, v -> {
            int n = Math.toIntExact(digits(v));
            if (n < 16 || n > (1 << 24)) {
                throw new IllegalArgumentException();
            }
            return n;
        }, 65536, "a number of events from 16 to 16777216");
        boolean classArchive = parameter(parameters, CLASS_ARCHIVE, WorkerSettings::bool, true, "true or false");
        boolean mustFire = parameter(parameters, FAULTS_MUST_FIRE, WorkerSettings::bool, true, "true or false");
        return new WorkerSettings(options, timeout, perClass, java, capacity, classArchive, mustFire);
    }

    private static <T> T parameter(Function<String, Optional<String>> parameters, String name,
            Function<String, T> parse, T otherwise, String expected) {
        return parameters.apply(name).map(String::trim).map(v -> {
            try {
                return parse.apply(v);
            } catch (RuntimeException e) {
                throw new ExtensionConfigurationException("configuration parameter " + name + "="
                        + UserInput.plain(v) + " is not " + expected);
            }
        }).orElse(otherwise);
    }

    private static boolean bool(String v) {
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        };
    }

    static Duration duration(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt")) {
                return Duration.parse(v);
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(digits(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofSeconds(digits(s.substring(0, s.length() - 1)));
            }
            if (s.endsWith("m")) {
                return Duration.ofMinutes(digits(s.substring(0, s.length() - 1)));
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e);
        }
        throw new IllegalArgumentException("no unit");
    }

    /** The digits 0-9 only: Long.parseLong also reads Arabic-Indic, fullwidth and other scripts' digits. */
    private static long digits(String s) {
        if (!s.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("not a number: " + s);
        }
        return Long.parseLong(s);
    }
}
