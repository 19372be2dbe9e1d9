// Runs a program under libsysfault.so, recording into a trace file, to completion or in the background.
package dev.sysfault.junit;

import dev.sysfault.fault.trace.TraceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code TracedProgram.of(program, "arg").tracingInto(traceFile).run()}: the test JVM's environment
 * without anything that changes the interceptor ({@code LD_PRELOAD}, {@code SYSFAULT_*},
 * {@code INTERCEPT_*}), plus {@code LC_ALL=C}, {@code LD_PRELOAD=libsysfault.so} and
 * {@code SYSFAULT_TRACE}. Output goes to files, so a chatty program cannot block on a full pipe.
 */
final class TracedProgram {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** What a finished run left: its pid (the process the test started), status and output. */
    record Result(List<String> command, long pid, int exitCode, String stdout, String stderr) {

        String describe() {
            return "command: " + command + " (pid " + pid + ")\nexit status: " + exitCode + "\n--- stdout ---\n"
                    + stdout + "\n--- stderr ---\n" + stderr;
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** A started program; closing it kills what is left of it. */
    final class Running implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final Path err;

        private Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        Process process() {
            return process;
        }

        /** Waits for the exit (at most {@link #TIMEOUT}) and returns what the program left. */
        Result awaitExit() {
            try {
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    close();
                    throw new AssertionError("timed out after " + TIMEOUT + ": " + result(-1).describe());
                }
                return result(process.exitValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + command, e);
            } finally {
                delete(out);
                delete(err);
            }
        }

        private Result result(int exitCode) {
            try {
                return new Result(command, process.pid(), exitCode, Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            delete(out);
            delete(err);
        }
    }

    private final List<String> command;
    private final Map<String, String> env = new LinkedHashMap<>();

    private TracedProgram(List<String> command) {
        this.command = List.copyOf(command);
    }

    static TracedProgram of(Path program, String... args) {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        return new TracedProgram(command);
    }

    static TracedProgram of(List<String> command) {
        return new TracedProgram(command);
    }

    TracedProgram tracingInto(Path traceFile) {
        return env(TraceFile.ENVIRONMENT_VARIABLE, traceFile.toString());
    }

    TracedProgram env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Running start() {
        try {
            Path out = Files.createTempFile("sysfault-traced-", ".out");
            Path err = Files.createTempFile("sysfault-traced-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(name -> name.equals("LD_PRELOAD")
                    || name.startsWith("SYSFAULT_") || name.startsWith("INTERCEPT_"));
            environment.put("LC_ALL", "C");
            environment.put("LD_PRELOAD", NativeBuild.library().toString());
            environment.putAll(env);
            return new Running(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    Result run() {
        return start().awaitExit();
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless
        }
    }
}
