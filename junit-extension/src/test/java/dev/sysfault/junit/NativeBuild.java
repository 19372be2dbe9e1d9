// Where interceptor-native's make put libsysfault.so and the test programs (surefire passes sysfault.native.dir).
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** {@code sysfault.native.dir}: make's OUT in interceptor-native ({@code ../interceptor-native/target/native}). */
final class NativeBuild {

    private NativeBuild() {
    }

    static Path dir() {
        return Path.of(System.getProperty("sysfault.native.dir", "../interceptor-native/target/native"))
                .toAbsolutePath().normalize();
    }

    static Path library() {
        return existing(dir().resolve("libsysfault.so"));
    }

    /** A program of interceptor-native/test/progs, built against the host's glibc. */
    static Path program(String name) {
        return existing(dir().resolve("test").resolve(name));
    }

    private static Path existing(Path file) {
        assertThat(file)
                .withFailMessage("%s is missing; build it with `make -C interceptor-native OUT=%s all tests`"
                        + " (mvn does this in interceptor-native's compile phase) or point -Dsysfault.native.dir"
                        + " at the build", file, dir())
                .exists();
        return file;
    }
}
