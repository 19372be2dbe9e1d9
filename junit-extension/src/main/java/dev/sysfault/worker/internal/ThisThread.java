// The kernel's id of the calling thread (the tid a trace records), which Java does not give.
package dev.sysfault.worker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

final class ThisThread {

    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private ThisThread() {
    }

    /** From the link {@code /proc/thread-self}, which the kernel points at {@code PID/task/TID} (Linux 3.17+). */
    static long kernelId() {
        try {
            return Long.parseLong(Files.readSymbolicLink(THREAD_SELF).getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + THREAD_SELF + " to learn the test thread's id", e);
        }
    }
}
