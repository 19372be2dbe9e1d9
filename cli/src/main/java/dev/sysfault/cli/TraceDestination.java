// Where --trace writes: opened before the command runs, so that a path nobody can write is refused up front.
package dev.sysfault.cli;

import dev.sysfault.fault.internal.UserInput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code --trace -} (stderr) or {@code --trace FILE}. The file is opened for writing before the command starts
 * (checking the path with {@code access} or {@code stat} first would still let the open fail afterwards), and
 * written when it has ended. A file that this opening created and nothing was written to is removed again.
 */
final class TraceDestination implements AutoCloseable {

    private final String given;
    private final Path file;
    private final FileChannel channel;
    private final boolean created;
    private boolean written;

    private TraceDestination(String given, Path file, FileChannel channel, boolean created) {
        this.given = given;
        this.file = file;
        this.channel = channel;
        this.created = created;
    }

    /** {@code -}: stderr, nothing to open. */
    static TraceDestination stderr() {
        return new TraceDestination("-", null, null, false);
    }

    /**
     * Opens {@code value} as {@code --trace} names it.
     *
     * @throws UsageException naming the option, the path and why it cannot be written
     */
    static TraceDestination open(String value) throws UsageException {
        if (value.equals("-")) {
            return stderr();
        }
        String shown = "--trace " + UserInput.plain(value);
        Path file;
        try {
            file = Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(shown + " is not a path (" + e.getReason() + "): give a file, or - for stderr");
        }
        boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new TraceDestination(value, file, channel, !existed);
        } catch (NoSuchFileException e) {
            Path parent = file.toAbsolutePath().getParent();
            throw new UsageException(shown + " cannot be written: the directory "
                    + UserInput.plain(String.valueOf(parent)) + " does not exist; create it or give another file");
        } catch (AccessDeniedException e) {
            throw new UsageException(shown + " cannot be written: permission denied; give a file you can write");
        } catch (FileSystemException e) {
            throw new UsageException(shown + " cannot be written: " + e.getReason() + "; give another file, or - for"
                    + " stderr");
        } catch (IOException e) {
            throw new UsageException(shown + " cannot be written: " + e.getMessage() + "; give another file");
        }
    }

    /** What the option said, for messages: {@code -} or the path as given. */
    String given() {
        return given;
    }

    /** Replaces what the file held (the command may have written to it too) with {@code text}. */
    void write(String text, PrintStream err) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        written = true;
        if (channel == null) {
            OutputStream out = err;
            out.write(bytes);
            out.flush();
            return;
        }
        if (Files.isRegularFile(file)) {
            channel.truncate(0);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Closes the file; one this run created and never wrote is removed (the command did not run, say). */
    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
            if (created && !written) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Nothing to report that changes what the run did: the trace was written or never would be.
        }
    }
}
