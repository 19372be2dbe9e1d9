// What a worker JVM that sees none of this machine's files is started with, and how its command line is made.
package dev.sysfault.worker.internal;

import dev.sysfault.run.internal.PreloadEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The launch copies the class path's files and the library where the worker sees them and says where; this gives
 * the worker's command line and environment for those places. The worker's directory is {@value #DIRECTORY}; it
 * starts with copies of {@code files} from {@code directory} (the parent's copy of it), and its trace is made by
 * the library as the worker starts (paused, with the parent's capacity), so that no empty trace crosses the wire.
 *
 * @param command the worker's command as on this machine
 * @param library the library on this machine
 * @param directory the parent's copy of the worker's directory
 * @param files the names of the files in {@code directory} the worker needs before it starts (a link stays a link)
 * @param traceCapacity the trace's capacity in events
 * @param ahead started before a test needs it
 * @param token what the parent says first on the connection, so that nobody else who reaches the port is obeyed
 */
public record RemoteStart(WorkerCommand command, Path library, Path directory, List<String> files,
        int traceCapacity, boolean ahead, String token) {

    /** The worker's directory where it runs. */
    public static final String DIRECTORY = "/sysfault/worker";
    /** The port the worker listens on where it runs. */
    public static final int PORT = 7390;
    /** The variable that gives the worker its {@code token}. */
    static final String TOKEN_VARIABLE = "SYSFAULT_WORKER_TOKEN";

    public RemoteStart {
        files = List.copyOf(files);
    }

    /**
     * The command line, for the {@code java} first on the worker's PATH, with {@code classPath} (where the worker
     * sees each of this class path's files) and the library at {@code libraryThere}. No class archive: the image
     * has its own java. JNA's options name this machine's folders: the worker's JNA finds its own way.
     */
    public List<String> commandLine(List<String> classPath, String libraryThere) {
        List<String> line = new ArrayList<>();
        for (String part : command.forWorker(Path.of(DIRECTORY), Path.of("tcp:" + PORT), ahead, Optional.empty())) {
            if (part.startsWith("-D" + WorkerCommand.LIBRARY_PROPERTY + "=")) {
                line.add("-D" + WorkerCommand.LIBRARY_PROPERTY + "=" + libraryThere);
            } else if (!namesThisMachinesJna(part)) {
                line.add(part);
            }
        }
        line.set(0, "java");
        line.set(line.indexOf("-cp") + 1, String.join(":", classPath));
        return line;
    }

    /**
     * The variables to set over the image's environment, keeping nothing of its LD_PRELOAD: the library at
     * {@code libraryThere}, the worker's rules and trace, and the token.
     */
    public Map<String, String> environment(String libraryThere) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("SYSFAULT_TRACE_EVENTS", Integer.toString(traceCapacity));
        entries.put("SYSFAULT_TRACE_PAUSED", "1");
        entries.put(TOKEN_VARIABLE, token);
        return PreloadEnvironment.of(Path.of(libraryThere)).rules(Path.of(DIRECTORY, WorkerRuntime.RULES_LINK))
                .trace(Path.of(DIRECTORY, WorkerRuntime.TRACE_FILE)).over(name -> null, entries);
    }

    private static boolean namesThisMachinesJna(String option) {
        return option.startsWith("-Djna.boot.library.path=") || option.startsWith("-D" + JnaStartup.PLATFORM_PATH + "=")
                || option.startsWith("-D" + JnaStartup.RECORD_PROPERTY + "=");
    }
}
