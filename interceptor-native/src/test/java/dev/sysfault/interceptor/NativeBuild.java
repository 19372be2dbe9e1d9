// Where make put libsysfault.so, the test programs and the hook libraries (src/test/c/test.mk).
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The native build's outputs, found through the system properties that surefire passes:
 * {@code sysfault.native.dir} (make's OUT), {@code sysfault.rootfs.dir} (ci/make-rootfs.sh's
 * root file systems).
 */
final class NativeBuild {

    private NativeBuild() {
    }

    static Path dir() {
        return Path.of(System.getProperty("sysfault.native.dir", "target/native")).toAbsolutePath();
    }

    static Path library() {
        return existing(dir().resolve("libsysfault.so"));
    }

    /** A program of src/test/c/progs, built against the host's glibc. */
    static Path program(String name) {
        return existing(dir().resolve("test").resolve(name));
    }

    /** A hook library of src/test/c/hooks, e.g. {@code hook("passthrough")}. */
    static Path hook(String name) {
        return existing(dir().resolve("test").resolve(name + ".so"));
    }

    /** A program or hook library ({@code name.so}) built against the oldest glibc (bullseye's). */
    static Path portable(String fileName) {
        return existing(dir().resolve("test").resolve("portable").resolve(fileName));
    }

    /** libsysfault.so first, then the named hook libraries: the value for LD_PRELOAD. */
    static List<Path> preload(String... hooks) {
        List<Path> objects = new ArrayList<>();
        objects.add(library());
        for (String hook : hooks) {
            objects.add(hook(hook));
        }
        return objects;
    }

    /** The directory that holds one root file system per Debian suite, if configured and present. */
    static Optional<Path> rootfsDir() {
        String value = System.getProperty("sysfault.rootfs.dir", "");
        return value.isEmpty() || !Files.isDirectory(Path.of(value))
                ? Optional.empty() : Optional.of(Path.of(value));
    }

    private static Path existing(Path file) {
        assertThat(file)
                .withFailMessage("%s is missing; build it with "
                        + "`make -C interceptor-native OUT=%s all tests` (mvn does this in its "
                        + "compile phase) or point -Dsysfault.native.dir at the build", file, dir())
                .exists();
        return file;
    }
}
