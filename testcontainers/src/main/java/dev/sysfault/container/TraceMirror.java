// A running command's trace in a container that shares no files, copied into this machine's trace file as it grows.
package dev.sysfault.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.testcontainers.containers.ContainerState;

/**
 * Each {@link #copy()} reads the header and the slots that events have used so far from the container's file, with
 * {@code head -c} in the container (coreutils and busybox have it; one exec, only the used part of the ring), or,
 * in an image without it, the whole file through the engine's archive API. The copy is written into the local file
 * in place, where a {@code SyscallTrace} already maps it: the slots first, then the header, so a reader never sees
 * a count of events whose slots have not arrived. The header's {@code paused} and {@code epoch} stay this side's
 * (docs/trace-format.md): they are what readers write.
 *
 * <p>The container's file is read while the program writes it. Slots are read after the header, so they hold at
 * least the events it counts; a slot that a program rewrites while it is read (only once the ring wraps) may come
 * in torn until the next copy.
 */
final class TraceMirror {

    // The layout, from docs/trace-format.md (fault-dsl keeps its constants to itself).
    private static final int HEADER_SIZE = 4096;
    private static final int EVENT_SIZE = 256;
    private static final int CAPACITY_OFFSET = 16;
    private static final int NEXT_OFFSET = 24;
    /** Slots read beyond those the last copy counted: a busy program is caught up in one copy more. */
    private static final long SLACK_SLOTS = 4096;
    /** The header's bytes that readers write: {@code paused} (128) and {@code epoch} (132). */
    private static final int READERS_FROM = 128;
    private static final int READERS_TO = 136;

    private final ContainerState container;
    private final String inside;
    private final Path local;
    private final long capacity;
    private boolean noHead;
    private long counted;

    TraceMirror(ContainerState container, String inside, Path local) {
        this.container = container;
        this.inside = inside;
        this.local = local;
        try (FileChannel channel = FileChannel.open(local, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, 0);
            this.capacity = Integer.toUnsignedLong(header.getInt(CAPACITY_OFFSET));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trace " + local, e);
        }
    }

    /** Copies what the program has recorded so far; the events it counts are all there after. */
    synchronized void copy() {
        while (true) {
            byte[] copied = read(HEADER_SIZE + Math.min(capacity, counted + SLACK_SLOTS) * EVENT_SIZE);
            if (copied.length < HEADER_SIZE) {
                return; // the container is gone, or the file not there yet: nothing to show
            }
            long next = ByteBuffer.wrap(copied).order(ByteOrder.LITTLE_ENDIAN).getLong(NEXT_OFFSET);
            write(copied);
            long used = Math.min(capacity, next);
            boolean complete = (copied.length - HEADER_SIZE) / EVENT_SIZE >= used;
            counted = next;
            if (complete) {
                return;
            }
        }
    }

    private byte[] read(long bytes) {
        if (!noHead) {
            byte[] head = head(bytes);
            if (head != null) {
                return head;
            }
            noHead = true;
        }
        try {
            return container.copyFileFromContainer(inside, InputStream::readAllBytes);
        } catch (RuntimeException e) {
            return new byte[0];
        }
    }

    /** The first {@code bytes} of the file by {@code head -c} in the container; null if the image has no head. */
    private byte[] head(long bytes) {
        DockerClient docker = container.getDockerClient();
        String exec = docker.execCreateCmd(container.getContainerId())
                .withCmd("head", "-c", Long.toString(bytes), inside).withAttachStdout(true).withAttachStderr(false)
                .exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.writeBytes(frame.getPayload());
                }
            }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new byte[0];
        }
        Long exit = docker.inspectExecCmd(exec).exec().getExitCodeLong();
        return exit != null && exit == 0 ? out.toByteArray() : null;
    }

    /** The slots, then the header less the bytes that readers own. */
    private void write(byte[] copied) {
        try (FileChannel channel = FileChannel.open(local, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer slots = ByteBuffer.wrap(copied, HEADER_SIZE, copied.length - HEADER_SIZE);
            writeFully(channel, slots, HEADER_SIZE);
            writeFully(channel, ByteBuffer.wrap(copied, 0, READERS_FROM), 0);
            writeFully(channel, ByteBuffer.wrap(copied, READERS_TO, HEADER_SIZE - READERS_TO), READERS_TO);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the copy of the trace into " + local, e);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }
}
