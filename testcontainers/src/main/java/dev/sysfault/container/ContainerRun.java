// One SyscallFaults run in a SyscallFaultContainer: its rule table, trace and environment, and the exec that runs it.
package dev.sysfault.container;

import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.internal.PreloadEnvironment;
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

/** What {@link SyscallFaultContainer#run} and {@link SyscallFaultContainer#start(SyscallFaults)} do, as {@link SyscallFaults#start()} does it on the host. */
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

    static ProcessResult run(SyscallFaultContainer container, SyscallFaults spec) {
        return start(container, spec).await(spec.timeout());
    }

    static RunningContainerProgram start(SyscallFaultContainer container, SyscallFaults spec) {
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
            TraceMirror mirror = trace.isPresent() && container.fileSharing() == FileSharing.COPY
                    ? new TraceMirror(container, inside + "/trace", dir.resolve("trace")) : null;
            ContainerExec exec = ContainerExec.start(container.getDockerClient(), container.getContainerId(),
                    dir.path().getFileName().toString(), command, env, spec.workingDirectory().map(Path::toString),
                    dir.resolve("stdout"), dir.resolve("stderr"));
            return new RunningContainerProgram(container, spec.commandLine(), exec, dir, inside,
                    rules == null ? 0 : rules.rules().size(), rules == null ? null : dir.resolve("rules"),
                    trace.isPresent() ? dir.resolve("trace") : null, mirror, spec.timeout(), loader.isPresent());
        } catch (IOException e) {
            dir.close();
            throw new UncheckedIOException("cannot prepare the run of " + spec.commandLine() + " in " + dir, e);
        } catch (RuntimeException e) {
            dir.close();
            throw e;
        }
    }
}
