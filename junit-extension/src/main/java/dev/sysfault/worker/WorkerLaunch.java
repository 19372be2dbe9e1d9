// Where a worker JVM runs: on this machine (a child process) or in a container of an image.
package dev.sysfault.worker;

import dev.sysfault.run.SyscallFaults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Starts the worker's JVM; the protocol, trace and rule files are the same wherever it runs. */
interface WorkerLaunch {

    /**
     * Starts {@code command} for a worker whose files are in {@code directory} and which connects to
     * {@code socket}, with {@code library} preloaded and {@code variables} (SYSFAULT_RULES and SYSFAULT_TRACE) set.
     */
    Process start(WorkerCommand command, Path library, Path directory, Path socket, Map<String, String> variables)
            throws IOException;

    /** A child of this JVM, with this JVM's environment plus the worker's variables. */
    WorkerLaunch HOST = (command, library, directory, socket, variables) -> {
        ProcessBuilder builder = new ProcessBuilder(command.forWorker(directory, socket));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("SYSFAULT_"));
        env.put("LD_PRELOAD", SyscallFaults.preloadList(library, env.get("LD_PRELOAD")));
        env.putAll(variables);
        return builder.start();
    };
}
