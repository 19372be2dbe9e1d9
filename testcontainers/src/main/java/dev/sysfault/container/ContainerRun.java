// One SyscallFaults run in a SyscallFaultContainer: its rule table, trace and environment, the exec, the result.
package dev.sysfault.container;

import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.internal.PreloadEnvironment;
import dev.sysfault.run.internal.ProgramLoader;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.internal.RunDirectory;
import dev.sysfault.run.SyscallFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@link SyscallFaultContainer#run} does, as {@link SyscallFaults#start()} does it on the host. */
final class ContainerRun {

    private ContainerRun() {
    }

    /**
     * {@code command} with its stdin read from {@code file}: {@code /bin/sh} opens the file and execs the command
     * ({@code docker exec} cannot end a command's stdin). The shell itself is not preloaded, see
     * {@link PreloadEnvironment#stageForShell}.
     */
    private static List<String> withStdin(List<String> command, String file, Map<String, String> env) {
        PreloadEnvironment.stageForShell(env);
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                PreloadEnvironment.unstageInShell() + "exec \"$@\" < \"$0\"", file));
        wrapped.addAll(command);
        return wrapped;
    }

    /** sysfault-exec's one line when it could not start the command (status 126 or 127), without its name; else null. */
    private static String notStarted(Path stderr, int exitCode) throws IOException {
        String said = Files.readString(stderr);
        String prefix = ProgramLoader.FILE_NAME + ": ";
        if ((exitCode != 126 && exitCode != 127) || !said.startsWith(prefix) || said.strip().contains("\n")) {
            return null;
        }
        return said.substring(prefix.length()).strip();
    }

    static ProcessResult run(SyscallFaultContainer container, SyscallFaults spec) {
        if (spec.inheritsIO()) {
            throw new IllegalArgumentException("inheritIO() is not supported in a container: the output comes back"
                    + " in the ProcessResult: " + spec);
        }
        spec.libraryOverride().ifPresent(library -> {
            if (!library.toAbsolutePath().normalize().equals(container.library())) {
                throw new IllegalArgumentException("the run names the library " + library + ", but the container has "
                        + container.library() + ": give it to the container with withLibrary(...)");
            }
        });
        RuleTable rules = spec.faults().isEmpty() ? null : RuleTable.compile(spec.faults()); // a bad fault: nothing made
        RunDirectory dir = container.newRunDirectory();
        try {
            String inside = SyscallFaultContainer.RUNS_PATH + "/" + dir.path().getFileName();
            PreloadEnvironment preload = PreloadEnvironment.of(Path.of(container.libraryPathInContainer()));
            List<String> files = new ArrayList<>();
            if (rules != null) {
                rules.write(dir.resolve("rules"));
                preload = preload.rules(Path.of(inside, "rules"));
                files.add("rules");
            }
            Optional<TraceOptions> trace = spec.traceOptions();
            if (trace.isPresent()) {
                TraceFile.create(dir.resolve("trace"), trace.get());
                preload = preload.trace(Path.of(inside, "trace"));
                files.add("trace");
            }
            // A static, musl or Go command starts through sysfault-exec (a glibc one it execs as it is), and so
            // does such a program that a covered one execs.
            Optional<String> loader = container.loaderPathInContainer();
            if (loader.isPresent()) {
                preload = preload.loader(Path.of(loader.get()));
            }
            // Over the image's environment, whose LD_PRELOAD follows the library unless the run gives its own.
            Map<String, String> env = preload.over(container::imageEnv, spec.environment());
            List<String> command = spec.commandLine();
            if (loader.isPresent()) {
                command = new ArrayList<>(command);
                command.add(0, loader.get());
            }
            Optional<byte[]> stdin = spec.stdinBytes();
            if (stdin.isPresent()) {
                Files.write(dir.resolve("stdin"), stdin.get());
                files.add("stdin");
                command = withStdin(command, inside + "/stdin", env);
            }
            container.copyIn(dir, inside, files);
            ContainerExec.Outcome outcome = ContainerExec.run(container.getDockerClient(), container.getContainerId(),
                    dir.path().getFileName().toString(), command, env, spec.workingDirectory().map(Path::toString),
                    dir.resolve("stdout"), dir.resolve("stderr"), spec.timeout());
            if (outcome.pid() <= 0) { // the engine could not start it: no such program or directory, say
                throw new UncheckedIOException(new IOException("cannot start " + spec.commandLine() + " in container "
                        + container.getContainerId() + ": " + Files.readString(dir.resolve("stdout")).strip()));
            }
            String loaderSaid = loader.isPresent() ? notStarted(dir.resolve("stderr"), outcome.exitCode()) : null;
            if (loaderSaid != null) { // sysfault-exec could not find or open it: as the engine would have said
                throw new UncheckedIOException(new IOException("cannot start " + spec.commandLine() + " in container "
                        + container.getContainerId() + ": " + loaderSaid));
            }
            files.remove("stdin");
            container.copyOut(dir, inside, files);
            SyscallTrace recorded = trace.isPresent() ? SyscallTrace.open(dir.resolve("trace")) : null;
            RuleCounters counters = rules == null ? new RuleCounters(List.of()) : RuleCounters.read(dir.resolve("rules"));
            return new ProcessResult(spec.commandLine(), outcome.pid(), outcome.exitCode(), outcome.timedOut(),
                    outcome.timedOut() ? spec.timeout() : null, outcome.duration(),
                    Files.readAllBytes(dir.resolve("stdout")), Files.readAllBytes(dir.resolve("stderr")), recorded,
                    counters, rules == null ? 0 : rules.rules().size(), dir);
        } catch (IOException e) {
            dir.close();
            throw new UncheckedIOException("cannot prepare or read the run of " + spec.commandLine() + " in " + dir, e);
        } catch (RuntimeException e) {
            dir.close();
            throw e;
        }
    }
}
