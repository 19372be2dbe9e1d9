// Starts a command under sysfault-supervisor, the static program that owns every process of a run (interceptor-native/src/main/c/supervisor).
package dev.sysfault.run;

import dev.sysfault.run.internal.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The supervisor sits between this JVM and the command. As a child subreaper it inherits what the command
 * orphans (a double-forked daemon), so {@link ProcessTree} finds every process of the run below it; it passes
 * on the signals sent to it, ends what the command left behind when the command ends, ends everything when
 * this JVM dies (even by SIGKILL), and exits with the command's status. It is static, so the run's
 * {@code LD_PRELOAD} does not reach it and nothing of it is traced.
 *
 * <p>Its child's exec happens after {@link ProcessBuilder#start()} has returned, so the supervisor reports the
 * outcome on a Unix socket in the run's directory, and {@link #start} throws what {@code start()} would have
 * thrown for the command itself (ENOENT, EACCES). It reports the command's pid there too: the pid that the
 * trace shows, and that {@link RunningProgram#pid()} gives.
 */
final class Supervisor {

    static final String FILE_NAME = "sysfault-supervisor";
    /** Where the {@code sysfault-interceptor-native} jar carries it, beside {@link NativeLibrary#RESOURCE}. */
    static final String RESOURCE = "META-INF/native/linux-x86_64/" + FILE_NAME;

    /** sun_path holds 108 bytes, the last a NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private Supervisor() {
    }

    /** The supervisor beside {@code library} (a build's target/native), else the class path's copy, extracted. */
    static Path path(Path library) {
        Path beside = library.resolveSibling(FILE_NAME);
        if (Files.isRegularFile(beside) && Files.isExecutable(beside)) {
            return beside;
        }
        return NativeLibrary.cachedCopy("supervisor", FILE_NAME, RESOURCE).orElseThrow(() -> new IllegalStateException(
                "no " + FILE_NAME + " beside " + library + " nor on the class path (" + RESOURCE + " in the"
                        + " sysfault-interceptor-native jar): build interceptor-native (make -C interceptor-native"
                        + " OUT=target/native builds both)"));
    }

    /** A command started below its supervisor: the supervisor's process, and the command's pid. */
    record Started(Process supervisor, long pid) {
    }

    /**
     * Starts {@code builder}'s command under {@code supervisor}, with the builder's stdio, directory and
     * environment, and returns once the command's exec has succeeded.
     *
     * @param socket a path for the report socket that no one else uses (in the run's private directory)
     * @throws IOException as {@link ProcessBuilder#start()} would for the command itself
     */
    static Started start(ProcessBuilder builder, Path supervisor, Path socket) throws IOException {
        List<String> command = builder.command();
        if (socket.toString().length() > MAX_SOCKET_PATH) {
            throw new IOException("the run's directory " + socket.getParent() + " is too long a path for a Unix"
                    + " socket (at most " + MAX_SOCKET_PATH + " bytes): set java.io.tmpdir to a shorter one");
        }
        List<String> wrapped = new ArrayList<>(List.of(supervisor.toString(),
                Long.toString(ProcessHandle.current().pid()), socket.toString(), searchPath()));
        wrapped.addAll(command);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                Selector selector = Selector.open()) {
            server.bind(UnixDomainSocketAddress.of(socket));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            Process process;
            try {
                process = builder.command(wrapped).start();
            } finally {
                builder.command(command);
            }
            String report;
            try (SocketChannel channel = accept(server, selector, process);
                    InputStream in = Channels.newInputStream(channel)) {
                report = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(socket);
            }
            // "pid PID" from the supervisor, "error ERRNO TEXT" from its child if the exec failed, in either order
            long pid = -1;
            for (String line : report.split("\n")) {
                if (line.startsWith("error ")) {
                    String[] error = line.split(" ", 3);
                    throw new IOException("Cannot run program \"" + command.get(0) + "\""
                            + (builder.directory() == null ? "" : " (in directory \"" + builder.directory() + "\")")
                            + ": error=" + error[1] + ", " + error[2]);
                }
                if (line.startsWith("pid ")) {
                    pid = Long.parseLong(line.substring(4));
                }
            }
            if (pid < 0) {
                throw new IOException(FILE_NAME + " said nothing of " + command.get(0) + " (status "
                        + (process.isAlive() ? "none yet" : process.exitValue()) + ")");
            }
            return new Started(process, pid);
        }
    }

    /**
     * The supervisor's connection. It connects before it can exit, so once it has exited a connection is either
     * queued or never coming; its exit wakes the wait.
     */
    private static SocketChannel accept(ServerSocketChannel server, Selector selector, Process process)
            throws IOException {
        process.onExit().thenRun(selector::wakeup);
        boolean interrupted = false;
        try {
            while (true) {
                boolean exited = !process.isAlive();
                SocketChannel channel = server.accept(); // in blocking mode, whatever the server's
                if (channel != null) {
                    return channel;
                }
                if (exited) {
                    throw new IOException(FILE_NAME + " exited with status " + process.exitValue()
                            + " before it started the command (its message, if any, is in the command's stderr)");
                }
                selector.select();
                selector.selectedKeys().clear();
                interrupted |= Thread.interrupted(); // a select would return at once while the flag is set
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Where the JDK looks for a program named without a '/': the JVM's PATH, or its default. */
    private static String searchPath() {
        String path = System.getenv("PATH");
        return path != null ? path : ":/bin:/usr/bin";
    }
}
