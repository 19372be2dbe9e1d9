// Runs a program the ordinary way (no libsysfault.so), the way SyscallFaults does otherwise: the baseline.
package dev.sysfault.run;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Same environment minus the interceptor's variables, stdin /dev/null or a file, output to files. */
final class PlainRun {

    record Output(int exitCode, byte[] stdout, byte[] stderr) {
    }

    private PlainRun() {
    }

    static Output run(List<String> command, Path directory, Map<String, String> env, Path stdin) throws Exception {
        Path out = Files.createTempFile("sysfault-plain-", ".out");
        Path err = Files.createTempFile("sysfault-plain-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(stdin == null ? new File("/dev/null") : stdin.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().keySet().removeIf(name -> name.equals("LD_PRELOAD")
                    || name.startsWith("SYSFAULT_") || name.startsWith("INTERCEPT_"));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("plain run of " + command + " timed out");
            }
            return new Output(process.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless
        }
    }
}
