// Where make put libsysfault.so, the test programs and the hook libraries (src/test/c/test.mk); the other modules' tests ask here too.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The native build's outputs, found through the system properties that surefire passes:
 * {@code sysfault.native.dir} (make's OUT), {@code sysfault.rootfs.dir} (ci/make-rootfs.sh's
 * root file systems).  The one place that knows how make lays out its OUT: this module's test-jar
 * carries this class alone, for the launcher's testsupport.NativeBuild, which the
 * launcher's and junit-extension's tests use.
 */
public final class NativeBuild {

    private NativeBuild() {
    }

    /** make's OUT: the property, else target/native beside the target/test-classes this class was compiled to. */
    public static Path dir() {
        String configured = System.getProperty("sysfault.native.dir", "");
        if (!configured.isEmpty()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        try {
            Path classes = Path.of(NativeBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.resolveSibling("native");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where NativeBuild was loaded from; set -Dsysfault.native.dir", e);
        }
    }

    public static Path library() {
        return existing(dir().resolve("libsysfault.so"));
    }

    /** sysfault-exec, the loader for programs that LD_PRELOAD cannot reach (src/main/c/exec). */
    public static Path loader() {
        return existing(dir().resolve("sysfault-exec"));
    }

    /** A program of src/test/c/progs, built against the host's glibc. */
    public static Path program(String name) {
        return existing(dir().resolve("test").resolve(name));
    }

    /** A hook library of src/test/c/hooks, e.g. {@code hook("passthrough")}. */
    public static Path hook(String name) {
        return existing(dir().resolve("test").resolve(name + ".so"));
    }

    /** A program or hook library ({@code name.so}) built against the oldest glibc (bullseye's). */
    public static Path portable(String fileName) {
        return existing(portableDir().resolve(fileName));
    }

    /** The programs and hook libraries built against bullseye's glibc (2.31), which run on every glibc of the matrix. */
    public static Path portableDir() {
        return existing(dir().resolve("test").resolve("portable"));
    }

    /** libsysfault.so first, then the named hook libraries: the value for LD_PRELOAD. */
    public static List<Path> preload(String... hooks) {
        List<Path> objects = new ArrayList<>();
        objects.add(library());
        for (String hook : hooks) {
            objects.add(hook(hook));
        }
        return objects;
    }

    /** The directory that holds one root file system per Debian suite, if configured and present. */
    public static Optional<Path> rootfsDir() {
        String value = System.getProperty("sysfault.rootfs.dir", "");
        return value.isEmpty() || !Files.isDirectory(Path.of(value))
                ? Optional.empty() : Optional.of(Path.of(value));
    }

    private static Path existing(Path file) {
        assertThat(file)
                .withFailMessage("%s is missing; build it with "
                        + "`make -C interceptor-native OUT=%s all tests` (mvn does this in its "
                        + "compile phase) or point -Dsysfault.native.dir at the build (the portable "
                        + "programs also need ci/make-rootfs.sh's bullseye)", file, dir())
                .exists();
        return file;
    }
}
