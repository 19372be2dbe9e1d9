// The parent's copy of the directory of a worker that shares none with it: kept up to date over the connection.
package dev.sysfault.worker.internal;

import dev.sysfault.worker.internal.Messages.FilePart;
import dev.sysfault.worker.internal.Messages.Message;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parent reads rule counters, notes and the trace from its copy exactly as from a worker's own directory; this
 * writes into the copy what the worker sends ({@link FilePart}s) and, after the worker died, what its directory
 * holds. The trace is written in place, never replaced, because the parent maps it. A name with a folder in it is
 * refused: the worker runs the user's code and must not write elsewhere on this machine.
 */
final class MirroredFiles {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Path directory;
    private final RemoteWorker worker;

    MirroredFiles(Path directory, RemoteWorker worker) {
        this.directory = directory;
        this.worker = worker;
    }

    /** Sends the file {@code name} of the copy to the worker, which writes it into its directory. */
    void send(DataOutputStream out, String name) throws IOException {
        Messages.write(out, new FilePart(name, 0, Files.readAllBytes(directory.resolve(name)), true));
    }

    /** The next message that is not a file part, after writing the parts before it into the copy. */
    Message readPastFiles(DataInputStream in) throws IOException {
        while (true) {
            Message message = Messages.read(in);
            if (!(message instanceof FilePart part)) {
                return message;
            }
            write(directory, part);
        }
    }

    /**
     * Writes {@code part} into {@code directory}: a whole file in one rename, so that it is found whole or not at
     * all; a part of a file into the file as it is, within its length.
     */
    static void write(Path directory, FilePart part) throws IOException {
        if (!PLAIN_NAME.matcher(part.name()).matches()) {
            throw new IOException("the worker sent a file named " + part.name() + ": not a plain file name");
        }
        Path file = directory.resolve(part.name());
        if (part.whole()) {
            Path fresh = directory.resolve(part.name() + ".part");
            Files.write(fresh, part.bytes());
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (part.offset() + part.bytes().length > channel.size()) {
                throw new IOException("the worker sent bytes " + part.offset() + " to " + (part.offset()
                        + part.bytes().length) + " of " + part.name() + ", which has " + channel.size());
            }
            ByteBuffer bytes = ByteBuffer.wrap(part.bytes());
            while (bytes.hasRemaining()) {
                channel.write(bytes, part.offset() + bytes.position());
            }
        }
    }

    /**
     * After the worker died: its note on the test it ran, the rule table the note names and its trace, as its
     * directory holds them, for the crash report. What cannot be copied is left as the copy had it.
     */
    void copyAfterCrash() {
        try {
            Path note = directory.resolve(ArmedNote.FILE);
            Files.deleteIfExists(note);
            if (worker.copyOut(ArmedNote.FILE, note)) {
                Optional<ArmedNote> armed = ArmedNote.read(directory);
                if (armed.isPresent() && PLAIN_NAME.matcher(armed.get().table()).matches()) {
                    worker.copyOut(armed.get().table(), directory.resolve(armed.get().table()));
                }
            }
            worker.copyOut(WorkerRuntime.TRACE_FILE, directory.resolve(WorkerRuntime.TRACE_FILE));
        } catch (IOException | RuntimeException unreadable) {
            // a report from the copy as it was rather than none
        }
    }
}
