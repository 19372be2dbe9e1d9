// Which stack frame is the code under test's: the first that is none of the JDK's, sysfault's, JUnit's or AssertJ's.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.Fault;
import dev.sysfault.run.internal.NativeLibrary;
import java.net.URL;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A call site as a person finds it in their code: {@code WriteAheadLog.append(WriteAheadLog.java:57)}. The JDK's
 * frames (the boot and platform loaders', {@code java.*}, {@code jdk.*}, {@code sun.*}, {@code com.sun.*}) are
 * passed over, so {@code Files.write} names its caller; so are the test libraries' and sysfault's own, whose
 * classes come from the jars (or class folders) of sysfault's modules: a test of sysfault's own packages, in its
 * test classes, is still code under test.
 */
final class CodeUnderTest {

    private static final List<String> LIBRARY_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "org.junit.", "org.assertj.", "org.opentest4j.", "org.apiguardian.", "net.bytebuddy.", "org.awaitility.",
            "com.sun.jna.");
    private static final List<Optional<URL>> SYSFAULT = List.of(location(CodeUnderTest.class),
            location(Fault.class), location(NativeLibrary.class));
    private static final Map<String, Boolean> SYSFAULTS = new ConcurrentHashMap<>();

    private CodeUnderTest() {
    }

    static Optional<String> firstFrame(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (isCodeUnderTest(f)) {
                String cls = f.getClassName();
                return Optional.of(cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethodName() + "("
                        + Objects.requireNonNullElse(f.getFileName(), "Unknown Source")
                        + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "") + ")");
            }
        }
        return Optional.empty();
    }

    private static boolean isCodeUnderTest(StackTraceElement f) {
        String loader = f.getClassLoaderName();
        if (loader == null || loader.equals("platform") || f.isNativeMethod()) {
            return false;
        }
        String cls = f.getClassName();
        return LIBRARY_PACKAGES.stream().noneMatch(cls::startsWith)
                && !SYSFAULTS.computeIfAbsent(cls, CodeUnderTest::isSysfaults);
    }

    private static boolean isSysfaults(String className) {
        if (!className.startsWith("dev.sysfault.")) {
            return false;
        }
        try {
            Class<?> c = Class.forName(className, false, CodeUnderTest.class.getClassLoader());
            return SYSFAULT.contains(location(c));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Optional<URL> location(Class<?> c) {
        return Optional.ofNullable(c.getProtectionDomain().getCodeSource()).map(CodeSource::getLocation);
    }
}
