// Where interceptor-native's make put libsysfault.so and the test programs, and how the tests run them traced.
package dev.sysfault.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.SyscallFaults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code sysfault.native.dir}: make's OUT in interceptor-native ({@code ../interceptor-native/target/native}). */
public final class NativeBuild {

    private NativeBuild() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("sysfault.native.dir", "../interceptor-native/target/native"))
                .toAbsolutePath().normalize();
    }

    public static Path library() {
        return existing(dir().resolve("libsysfault.so"));
    }

    /** A program of interceptor-native/src/test/c/progs, built against the host's glibc. */
    public static Path program(String name) {
        return existing(dir().resolve("test").resolve(name));
    }

    /** The test programs built against bullseye's glibc (2.31), which run on every image of the glibc matrix. */
    public static Path portablePrograms() {
        return existing(dir().resolve("test/portable"));
    }

    /** A program of the native build (or any command), under this build's library, recording a trace. */
    public static SyscallFaults traced(TraceOptions options, Path program, String... args) {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        return traced(options, command);
    }

    public static SyscallFaults traced(TraceOptions options, List<String> command) {
        return SyscallFaults.command(command).library(library()).env("LC_ALL", "C").trace(options);
    }

    private static Path existing(Path file) {
        assertThat(file)
                .withFailMessage("%s is missing; build it with `make -C interceptor-native OUT=%s all tests`"
                        + " (mvn does this in interceptor-native's compile phase) or point -Dsysfault.native.dir"
                        + " at the build (the portable programs also need ci/make-rootfs.sh's bullseye)", file, dir())
                .exists();
        return file;
    }
}
