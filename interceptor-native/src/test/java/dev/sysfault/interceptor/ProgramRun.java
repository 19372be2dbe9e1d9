// Runs one program to completion with a chosen environment and captures stdout, stderr and exit status.
package dev.sysfault.interceptor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program run for the tests: {@code ProgramRun.of("ls", "-la").preload(lib).in(dir).run()}.
 *
 * <p>The environment is the test JVM's, minus anything that would change how a program behaves
 * under the interceptor ({@code LD_PRELOAD}, {@code SYSFAULT_*}, {@code INTERCEPT_*}), plus
 * {@code LC_ALL=C} so that messages are stable; {@link #env} adds to it. Output goes to files, so
 * a chatty program cannot block on a full pipe.
 */
final class ProgramRun {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    /** What a run produced: the output as bytes, and decoded as UTF-8 for text assertions. */
    record Result(List<String> command, Map<String, String> addedEnv, long pid, int exitCode,
                  byte[] stdoutBytes, byte[] stderrBytes) {

        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        String stderr() {
            return new String(stderrBytes, StandardCharsets.UTF_8);
        }

        /** The whole run, for failure messages. */
        String describe() {
            return "command: " + command + "\nadded environment: " + addedEnv
                    + "\nexit status: " + exitCode + "\n--- stdout ---\n" + stdout()
                    + "\n--- stderr ---\n" + stderr();
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    private final List<String> command;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path directory;
    private Duration timeout = DEFAULT_TIMEOUT;

    private ProgramRun(List<String> command) {
        this.command = List.copyOf(command);
    }

    static ProgramRun of(String... command) {
        return new ProgramRun(List.of(command));
    }

    static ProgramRun of(List<String> command) {
        return new ProgramRun(command);
    }

    ProgramRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Sets LD_PRELOAD to the given objects, in order; no objects means no LD_PRELOAD. */
    ProgramRun preload(List<Path> objects) {
        if (objects.isEmpty()) {
            env.remove("LD_PRELOAD");
        } else {
            env.put("LD_PRELOAD", String.join(" ", objects.stream().map(Path::toString).toList()));
        }
        return this;
    }

    ProgramRun in(Path directory) {
        this.directory = directory;
        return this;
    }

    ProgramRun timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** The command in its directory with the environment of the class comment. */
    private ProcessBuilder builder() {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.equals("LD_PRELOAD")
                || name.startsWith("SYSFAULT_") || name.startsWith("INTERCEPT_"));
        environment.put("LC_ALL", "C");
        environment.putAll(env);
        return builder;
    }

    /**
     * Starts the program for a conversation: its stdin and stdout are pipes to the test, its stderr goes
     * to the test's. The caller waits for it (and destroys it if the test fails half way).
     */
    Process start() {
        try {
            return builder().redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e, e);
        }
    }

    Result run() {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("sysfault-run-", ".out");
            err = Files.createTempFile("sysfault-run-", ".err");
            ProcessBuilder builder = builder()
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));

            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + timeout + ": " + new Result(command,
                        Map.copyOf(env), process.pid(), -1, read(out), read(err)).describe());
            }
            return new Result(command, Map.copyOf(env), process.pid(), process.exitValue(),
                    read(out), read(err));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }
}
