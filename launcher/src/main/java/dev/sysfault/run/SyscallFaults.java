// Runs any program under libsysfault.so with faults and an optional trace: the builder, like ProcessBuilder.
package dev.sysfault.run;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.internal.ControlFile;
import dev.sysfault.run.internal.NativeLibrary;
import dev.sysfault.run.internal.PreloadEnvironment;
import dev.sysfault.run.internal.ProgramLoader;
import dev.sysfault.run.internal.RunDirectory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A program to run under faults:
 *
 * <pre>{@code
 * try (ProcessResult r = SyscallFaults.command("ls", "-l", dir.toString())
 *         .inject(Fault.on("getdents64").fail(Errno.ENOTSUP))
 *         .trace(TraceOptions.all())
 *         .timeout(Duration.ofSeconds(10))
 *         .run()) {
 *     r.exitCode(); r.stderr(); r.trace(); r.ruleCounters();
 * }
 * }</pre>
 *
 * <p>The program gets the JVM's environment, then the {@link #env} entries, then what {@link PreloadEnvironment}
 * says: {@code LD_PRELOAD=<libsysfault.so>} in front of whatever {@code LD_PRELOAD} that gives,
 * {@code SYSFAULT_RULES} when there are faults and {@code SYSFAULT_TRACE} when there is a trace; those two (and the trace's
 * settings) inherited from the JVM are dropped, so a run without faults has none. Programs the command starts inherit all of
 * it and are covered by the same rules and trace (a fault's {@code command=} matcher narrows that). A run
 * without faults and trace still preloads the library, which then changes nothing.
 *
 * <p>Each run gets a private temporary directory (mode 0700) for the rule table, the trace and the
 * program's stdin and output files; {@link ProcessResult#close()} deletes it, and the JVM does at exit
 * for the results still open. Output goes to files, not pipes, so a chatty program never blocks and a
 * background child that keeps stdout open does not hold up the result. Stdin is {@code /dev/null}
 * unless {@link #stdin} or {@link #inheritIO()} says otherwise.
 *
 * <p>The program runs below {@code sysfault-supervisor} (see {@code Supervisor}), which owns every process the
 * program starts, double-forked ones included: they are stopped with it, killed at the timeout, ended when the
 * program exits (a run leaves nothing behind), and ended when this JVM dies, even by SIGKILL.
 *
 * <p>The builder is not thread-safe; each {@link #run()} or {@link #start()} uses its settings then.
 */
public final class SyscallFaults {

    /** How long {@link #run()} waits for the program unless {@link #timeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final List<String> command;
    private final List<Fault> faults = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private TraceOptions trace;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Path directory;
    private byte[] stdinBytes;
    private Path stdinFile;
    private boolean inheritIO;
    private Path library;

    private SyscallFaults(List<String> command) {
        Objects.requireNonNull(command, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program to run");
        }
        for (String part : command) {
            Objects.requireNonNull(part, "a command holds no null: " + command);
        }
        this.command = List.copyOf(command);
    }

    /** The program (a path, or a name looked up in {@code PATH}) and its arguments. */
    public static SyscallFaults command(String... command) {
        return new SyscallFaults(Arrays.asList(Objects.requireNonNull(command, "command")));
    }

    public static SyscallFaults command(List<String> command) {
        return new SyscallFaults(command);
    }

    /** Adds faults after those already given; for each call the first fault that takes it wins. */
    public SyscallFaults inject(Fault... faults) {
        return inject(Arrays.asList(Objects.requireNonNull(faults, "faults")));
    }

    public SyscallFaults inject(List<Fault> faults) {
        for (Fault fault : Objects.requireNonNull(faults, "faults")) {
            this.faults.add(Objects.requireNonNull(fault, "a fault list holds no null: " + faults));
        }
        return this;
    }

    /** Records the program's calls as {@code options} says; {@link ProcessResult#trace()} reads them. No trace by default. */
    public SyscallFaults trace(TraceOptions options) {
        this.trace = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * How long {@link #run()} (and {@link RunningProgram#await()}) waits before it kills the program and
     * what it started (SIGKILL) and reports {@link ProcessResult#timedOut()}. Default {@link #DEFAULT_TIMEOUT}.
     */
    public SyscallFaults timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a timeout must be positive, not " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /** The working directory; the JVM's by default. */
    public SyscallFaults directory(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /** Sets an environment variable over the JVM's ({@code LD_PRELOAD} given here still gets the library in front). */
    public SyscallFaults env(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not an environment variable name: '" + name + "'");
        }
        env.put(name, value);
        return this;
    }

    public SyscallFaults env(Map<String, String> variables) {
        Objects.requireNonNull(variables, "variables").forEach(this::env);
        return this;
    }

    /** What the program reads on stdin. */
    public SyscallFaults stdin(byte[] bytes) {
        this.stdinBytes = Objects.requireNonNull(bytes, "bytes").clone();
        this.stdinFile = null;
        return this;
    }

    /** What the program reads on stdin, as UTF-8. */
    public SyscallFaults stdin(String text) {
        return stdin(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /** A file the program reads as stdin. */
    public SyscallFaults stdin(Path file) {
        this.stdinFile = Objects.requireNonNull(file, "file");
        this.stdinBytes = null;
        return this;
    }

    /**
     * The program reads the JVM's stdin and writes to the JVM's stdout and stderr (what a command line wants);
     * {@link ProcessResult#stdout()} and {@link ProcessResult#stderr()} are then empty. A later
     * {@link #stdin} still replaces stdin.
     */
    public SyscallFaults inheritIO() {
        this.inheritIO = true;
        return this;
    }

    /** Preloads this {@code libsysfault.so} instead of {@link NativeLibrary#path()}. */
    public SyscallFaults library(Path library) {
        this.library = Objects.requireNonNull(library, "library");
        return this;
    }

    /**
     * Runs the program to its end, or kills it at the {@link #timeout}.
     *
     * @throws dev.sysfault.fault.FaultSpecException if a fault cannot be compiled (nothing has run then)
     * @throws UncheckedIOException if the program cannot be started (no such program, say)
     * @throws IllegalStateException if there is no {@code libsysfault.so}, see {@link NativeLibrary#path()},
     *     or the thread is interrupted while it waits (the program is killed then)
     */
    public ProcessResult run() {
        RunningProgram program = start(false);
        try {
            return program.await(timeout);
        } catch (RuntimeException e) {
            program.kill().close(); // interrupted: nobody else holds the program
            throw e;
        }
    }

    /**
     * Starts the program and returns at once, for servers and other programs to watch while they run; no
     * timeout applies until {@link RunningProgram#await()}. Close or {@link RunningProgram#stop()} it. While it
     * runs, {@link RunningProgram#inject} changes its faults.
     */
    public RunningProgram start() {
        return start(true);
    }

    /** {@code swappable}: with a control file, for {@link RunningProgram#inject}; a run() has no one to swap. */
    private RunningProgram start(boolean swappable) {
        RuleTable rules = faults.isEmpty() ? null : RuleTable.compile(faults); // a bad fault: nothing made yet
        Path preload = library != null ? library.toAbsolutePath() : NativeLibrary.path();
        if (!Files.isRegularFile(preload)) {
            throw new IllegalStateException("no libsysfault.so at " + preload);
        }
        Path supervisor = Supervisor.path(preload);
        Optional<Path> loader = ProgramLoader.path(preload);
        if (stdinFile != null && !Files.isReadable(stdinFile)) {
            throw new IllegalArgumentException("stdin " + stdinFile + " is not a readable file");
        }
        if (directory != null && !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("the working directory " + directory + " is not a directory");
        }
        RunDirectory dir = RunDirectory.create();
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            PreloadEnvironment preloaded = PreloadEnvironment.of(preload);
            if (loader.isPresent()) {
                preloaded = preloaded.loader(loader.get());
            }
            Path rulesFile = null;
            if (rules != null) {
                rulesFile = dir.resolve("rules");
                rules.write(rulesFile);
                preloaded = preloaded.rules(rulesFile);
            }
            ControlFile control = null;
            if (swappable) {
                control = ControlFile.create(dir.path());
                preloaded = preloaded.control(control.path());
            }
            Path traceFile = null;
            if (trace != null) {
                traceFile = TraceFile.create(dir.resolve("trace"), trace);
                preloaded = preloaded.trace(traceFile);
            }
            preloaded.applyTo(builder.environment(), env);
            Path stdout = null;
            Path stderr = null;
            if (inheritIO) {
                builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
                        .redirectInput(ProcessBuilder.Redirect.INHERIT);
            } else {
                stdout = dir.resolve("stdout");
                stderr = dir.resolve("stderr");
                builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                        .redirectInput(new File("/dev/null"));
            }
            if (stdinBytes != null) {
                Path input = dir.resolve("stdin");
                Files.write(input, stdinBytes);
                builder.redirectInput(input.toFile());
            } else if (stdinFile != null) {
                builder.redirectInput(stdinFile.toFile());
            }
            Supervisor.Started started;
            try {
                started = Supervisor.start(builder, supervisor, dir.resolve("supervisor.sock"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command + ": " + e.getMessage(), e);
            }
            return new RunningProgram(command, started.supervisor(), started.pid(), dir,
                    rules == null ? 0 : rules.rules().size(), rulesFile, control, traceFile, stdout, stderr, timeout);
        } catch (IOException e) {
            dir.close();
            throw new UncheckedIOException("cannot prepare the run of " + command + " in " + dir, e);
        } catch (RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    // What was set, for runners other than start() (a container's, dev.sysfault.container).

    /** The program and its arguments. */
    public List<String> commandLine() {
        return command;
    }

    /** The faults in the order given. */
    public List<Fault> faults() {
        return List.copyOf(faults);
    }

    /** The {@link #env} entries (not the JVM's environment). */
    public Map<String, String> environment() {
        return Map.copyOf(env);
    }

    /** The {@link #trace} options, if the run is traced. */
    public Optional<TraceOptions> traceOptions() {
        return Optional.ofNullable(trace);
    }

    public Duration timeout() {
        return timeout;
    }

    /** The {@link #directory}, if one was set. */
    public Optional<Path> workingDirectory() {
        return Optional.ofNullable(directory);
    }

    /** What {@link #stdin} gives the program, if anything: the bytes, or the file's bytes read now. */
    public Optional<byte[]> stdinBytes() {
        try {
            return stdinBytes != null ? Optional.of(stdinBytes.clone())
                    : stdinFile != null ? Optional.of(Files.readAllBytes(stdinFile)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stdin " + stdinFile, e);
        }
    }

    public boolean inheritsIO() {
        return inheritIO;
    }

    /** The {@link #library}, if one was set instead of {@link NativeLibrary#path()}. */
    public Optional<Path> libraryOverride() {
        return Optional.ofNullable(library);
    }

    @Override
    public String toString() {
        return "SyscallFaults" + command + (faults.isEmpty() ? "" : " with " + faults.size() + " faults")
                + (trace == null ? "" : ", traced");
    }
}
