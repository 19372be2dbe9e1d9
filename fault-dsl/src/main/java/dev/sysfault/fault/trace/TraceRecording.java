// Pauses and resumes recording into a trace file, for every process that writes into it (the header's paused field).
package dev.sysfault.fault.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The switch in a trace file's header that every recording process reads before each call
 * (docs/trace-format.md, {@code paused}): while it is on, no process records into the file. A call
 * already under way when it is switched on may still complete its event. Thread-safe; nothing to close.
 *
 * <pre>{@code
 * TraceRecording recording = TraceRecording.open(traceFile);
 * recording.pause();     // the harness's own work is not recorded
 * recording.resume();    // the test's calls are
 * }</pre>
 */
public final class TraceRecording {

    private final Path file;
    private final LiveHeader header;

    private TraceRecording(Path file, LiveHeader header) {
        this.file = file;
        this.header = header;
    }

    /**
     * Maps {@code traceFile}'s header, read-write and shared, after checking it as {@link SyscallTrace#open}
     * does.
     *
     * @throws InvalidTraceFileException if the file is not a valid trace (its header is not ready, too)
     */
    public static TraceRecording open(Path traceFile) throws IOException {
        Objects.requireNonNull(traceFile, "traceFile");
        try (FileChannel channel = FileChannel.open(traceFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer head = ByteBuffer.allocate(TraceFormat.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                // the whole header, unless the file is shorter (the check says so)
            }
            TraceHeader.check(traceFile, head.rewind(), channel.size());
            return new TraceRecording(traceFile, LiveHeader.map(traceFile, channel, Optional.empty()));
        }
    }

    /** No process records into the file from now on. */
    public void pause() {
        header.setPaused(true);
    }

    /** Processes record into the file again. */
    public void resume() {
        header.setPaused(false);
    }

    /** Whether the file says paused now (whoever set it). */
    public boolean isPaused() {
        return header.paused();
    }

    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return file + (isPaused() ? " (paused)" : " (recording)");
    }
}
