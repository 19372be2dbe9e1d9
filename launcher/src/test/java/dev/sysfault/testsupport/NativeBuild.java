// How the extension's tests run interceptor-native's test programs traced; where make put them is interceptor-native's to say.
package dev.sysfault.testsupport;

import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.SyscallFaults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The native build as this module's tests use it.  Paths come from interceptor-native's own
 * {@link dev.sysfault.interceptor.NativeBuild} (its test-jar), which alone knows how make lays out
 * its OUT; what is added here needs this module's {@link SyscallFaults}, which interceptor-native
 * cannot see.
 */
public final class NativeBuild {

    private NativeBuild() {
    }

    public static Path dir() {
        return dev.sysfault.interceptor.NativeBuild.dir();
    }

    public static Path library() {
        return dev.sysfault.interceptor.NativeBuild.library();
    }

    /** A program of interceptor-native/src/test/c/progs, built against the host's glibc. */
    public static Path program(String name) {
        return dev.sysfault.interceptor.NativeBuild.program(name);
    }

    /** A hook library of interceptor-native/src/test/c/hooks, e.g. {@code hook("planted_marker")}. */
    public static Path hook(String name) {
        return dev.sysfault.interceptor.NativeBuild.hook(name);
    }

    /** The test programs built against bullseye's glibc (2.31), which run on every image of the glibc matrix. */
    public static Path portablePrograms() {
        return dev.sysfault.interceptor.NativeBuild.portableDir();
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
}
