// A running process's whole command line, read from /proc, for tests that pick out the worker JVMs by an argument.
package dev.sysfault.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Not {@code ProcessHandle.info().arguments()}: the JDK gives no arguments at all once a command line is longer
 * than one page (4096 bytes), and a worker JVM's is close to that (its class path alone is about 3 KB, longer
 * with a deeper checkout or more modules).
 */
public final class ProcessArguments {

    private ProcessArguments() {
    }

    /** The arguments {@code process} was started with, the program first; empty once it has gone. */
    public static List<String> of(ProcessHandle process) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return List.of(new String(cmdline, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException gone) {
            return List.of();
        }
    }
}
