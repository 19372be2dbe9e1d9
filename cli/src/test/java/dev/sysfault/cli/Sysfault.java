// Runs `sysfault` (Main in a JVM of its own, or the launcher script) and plain commands, and keeps what they left.
package dev.sysfault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code Sysfault.main("run", "--", "ls").in(dir).run()} starts {@code java dev.sysfault.cli.Main run -- ls}
 * with this test JVM's class path and {@code -Dsysfault.library} at interceptor-native's build, the way
 * the launcher does; {@code Sysfault.plain("ls")} runs the command itself, for comparison. Every run gets
 * {@code LC_ALL=C}, the given stdin (empty by default) and pipes for stdout and stderr, read as bytes.
 */
final class Sysfault {

    private static final long TIMEOUT_SECONDS = 120;

    /** What a finished run left. */
    record Result(List<String> command, int exitCode, byte[] stdoutBytes, byte[] stderrBytes) {

        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        String stderr() {
            return new String(stderrBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "command: " + command + "\nexit status: " + exitCode + "\n--- stdout (" + stdoutBytes.length
                    + " bytes) ---\n" + readable(stdoutBytes) + "\n--- stderr (" + stderrBytes.length + " bytes) ---\n"
                    + readable(stderrBytes);
        }

        /** Text as it is, other bytes as \\xNN, and no more than the first 3000 of them. */
        private static String readable(byte[] bytes) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < Math.min(bytes.length, 3000); i++) {
                int b = bytes[i] & 0xff;
                s.append(b == '\n' || b == '\t' || (b >= 0x20 && b < 0x7f) ? Character.toString(b)
                        : String.format("\\x%02x", b));
            }
            return bytes.length > 3000 ? s.append("...").toString() : s.toString();
        }
    }

    private final List<String> command;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path directory;
    private byte[] stdin = new byte[0];

    private Sysfault(List<String> command) {
        this.command = command;
        env.put("LC_ALL", "C");
    }

    /** {@code sysfault ARGS} as the launcher runs it: Main in a new JVM. */
    static Sysfault main(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dsysfault.library=" + library(),
                "-cp", classPath(), Main.class.getName()));
        command.addAll(Arrays.asList(args));
        return new Sysfault(command);
    }

    /** A command as it is, without sysfault. */
    static Sysfault plain(String... command) {
        return new Sysfault(List.of(command));
    }

    /** Any program, for example the launcher script. */
    static Sysfault program(List<String> command) {
        return new Sysfault(List.copyOf(command));
    }

    /** The command line this runs, for a wrapper such as script(1). */
    List<String> commandLine() {
        return command;
    }

    Sysfault in(Path directory) {
        this.directory = directory;
        return this;
    }

    Sysfault stdin(byte[] bytes) {
        this.stdin = bytes.clone();
        return this;
    }

    Sysfault env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Result run() {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().keySet().removeIf(name -> name.equals("LD_PRELOAD")
                    || name.startsWith("SYSFAULT_") || name.startsWith("INTERCEPT_"));
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        // Pipes, as in `cmd | ...`: a regular file would let cat use copy_file_range instead of write.
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException ignored) {
            // the command did not read all of it
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("still running after " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(command, process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } catch (ExecutionException e) {
            throw new UncheckedIOException("cannot read the output of " + command, (IOException) e.getCause());
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** interceptor-native's make output (surefire passes {@code sysfault.native.dir}). */
    static Path library() {
        Path library = Path.of(System.getProperty("sysfault.native.dir", "../interceptor-native/target/native"))
                .resolve("libsysfault.so").toAbsolutePath().normalize();
        assertThat(library).as("libsysfault.so; interceptor-native's compile phase builds it").isRegularFile();
        return library;
    }

    /** A test program of interceptor-native/src/test/c/progs, as make built it for this machine's glibc. */
    static Path testProgram(String name) {
        Path program = library().resolveSibling("test").resolve(name);
        assertThat(program).as("%s; interceptor-native's make tests builds it", name).isRegularFile();
        return program;
    }

    /** This JVM's class path: target/classes, fault-dsl and the rest (surefire's own jars do no harm). */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
