// Where interceptor-native's make put libsysfault.so and the portable test programs (sysfault.native.dir).
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** {@code sysfault.native.dir}, which surefire sets to {@code ../interceptor-native/target/native}. */
final class NativeFiles {

    private NativeFiles() {
    }

    static Path dir() {
        return Path.of(System.getProperty("sysfault.native.dir", "../interceptor-native/target/native"))
                .toAbsolutePath().normalize();
    }

    static Path library() {
        return existing(dir().resolve("libsysfault.so"));
    }

    /** The test programs built against bullseye's glibc (2.31), which run on every image of the matrix. */
    static Path portablePrograms() {
        return existing(dir().resolve("test/portable"));
    }

    private static Path existing(Path file) {
        assertThat(file).withFailMessage("%s is missing; `mvn -pl interceptor-native package` builds it"
                + " (with ci/make-rootfs.sh's bullseye root file system for the portable programs)", file).exists();
        return file;
    }
}
