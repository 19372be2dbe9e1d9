// What a body running in the worker leaves for the parent to read after it: a text file in the worker's directory.
package dev.sysfault.worker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Fault exploration's worker side writes here what only the worker can see of a body (the failure points of its
 * scoped trace, the descriptors and threads it left open); the parent reads it as the test's answer arrives. The
 * parent deletes it before each test, so a file it finds is the running test's; it is written in one rename, so it
 * is found whole or not at all.
 */
public final class BodyNotes {

    static final String FILE = "body-notes.txt";

    private BodyNotes() {
    }

    /** In the worker, during the test: leaves {@code text} for the parent. */
    public static void write(String text) {
        Path file = WorkerRuntime.get().bodyNotes();
        Path fresh = file.resolveSibling(FILE + ".new");
        try {
            Files.writeString(fresh, text, StandardCharsets.UTF_8);
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("the worker cannot write " + file, e);
        }
    }

    static Optional<String> read(Path directory) {
        try {
            return Optional.of(Files.readString(directory.resolve(FILE), StandardCharsets.UTF_8));
        } catch (NoSuchFileException none) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the body's notes in " + directory, e);
        }
    }

    static void clear(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the body's notes in " + directory, e);
        }
    }
}
