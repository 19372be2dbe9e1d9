// Whether a selected class names sysfault's fault annotations, read from its class file without loading the class.
package dev.sysfault.junit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A class annotated with {@code @InjectSyscallFault} (on itself, a method or a field) holds the annotation's type
 * descriptor in its constant pool. Finding it in the bytes took a fresh JVM well under a millisecond where loading the
 * class and reading its annotations took 90 to 130 ms (the annotations' proxies among it), time by which the run's
 * first worker was spawned later. Only a positive answer is trusted: a class that names the annotations without a
 * container's annotation beside them. Anything else (an annotation of the user's that carries the fault, a nested
 * class, a container) is left to the reflective look, as before.
 */
final class FaultsInClassFile {

    /** The prefix of {@code InjectSyscallFault}'s and of its container {@code InjectSyscallFaults}' descriptors. */
    private static final byte[] FAULT = "Ldev/sysfault/junit/InjectSyscallFault".getBytes(StandardCharsets.UTF_8);
    /** Faults for a container's worker, which the discovery start does not start. */
    private static final byte[][] ELSEWHERE = {
        "Ldev/sysfault/junit/RunInContainer;".getBytes(StandardCharsets.UTF_8),
        "Ldev/sysfault/junit/GlibcMatrix;".getBytes(StandardCharsets.UTF_8),
    };

    private FaultsInClassFile() {
    }

    /** True if {@code className}'s class file, as {@code loader} finds it, names the faults and no container. */
    static boolean namesFaults(String className, ClassLoader loader) {
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
            if (in == null) {
                return false;
            }
            bytes = in.readAllBytes();
        } catch (IOException unreadable) {
            return false;
        }
        if (!contains(bytes, FAULT)) {
            return false;
        }
        for (byte[] container : ELSEWHERE) {
            if (contains(bytes, container)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] bytes, byte[] wanted) {
        outer:
        for (int i = 0; i <= bytes.length - wanted.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
