// Where a worker JVM runs: on this machine (a child process) or in a container of an image.
package dev.sysfault.worker;

import dev.sysfault.run.SyscallFaults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Starts the worker's JVM; the protocol, trace and rule files are the same wherever it runs. */
interface WorkerLaunch {

    /**
     * Starts {@code command} for a worker whose files are in {@code directory} and which connects to
     * {@code socket}, with {@code library} preloaded and {@code variables} (SYSFAULT_RULES and SYSFAULT_TRACE) set;
     * {@code ahead}: before a test needs it (it warms up while idle); {@code archive}: the {@link ClassArchive} to
     * use, if this launch can.
     */
    Process start(WorkerCommand command, Path library, Path directory, Path socket, Map<String, String> variables,
            boolean ahead, Optional<ClassArchive.Use> archive) throws IOException;

    /** A child of this JVM, with this JVM's environment plus the worker's variables. */
    WorkerLaunch HOST = (command, library, directory, socket, variables, ahead, archive) -> {
        ProcessBuilder builder = new ProcessBuilder(command.forWorker(directory, socket, ahead, archive));
        Map<String, String> env = builder.environment();
        // The worker's own rules and trace; SYSFAULT_DEBUG, SYSFAULT_STRICT and SYSFAULT_CACHE_DIR pass through.
        env.keySet().removeIf(k -> k.equals(SyscallFaults.RULES_VARIABLE) || k.startsWith(SyscallFaults.TRACE_VARIABLE));
        env.put("LD_PRELOAD", SyscallFaults.preloadList(library, env.get("LD_PRELOAD")));
        env.putAll(variables);
        return builder.start();
    };
}
