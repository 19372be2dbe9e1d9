// What the parent may need of a test its worker runs, should the worker die or hang: a note in the worker's directory.
package dev.sysfault.worker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body's thread (whose calls, and its children's, a crash report shows), the rule table in force (whose
 * counters say how often each fault fired) and how the user wrote each fault. The worker writes it before it arms
 * the rules, in one rename, so that the parent finds it whole however the worker ends; the parent deletes it before
 * each test, so that a note it finds is the running test's.
 *
 * @param table the table's file name in the worker's directory
 * @param labels the faults as the user wrote them, in rule order
 */
record ArmedNote(long bodyThread, String table, List<String> labels) {

    static final String FILE = "armed-test.txt";

    ArmedNote {
        labels = List.copyOf(labels);
    }

    void write(Path directory) {
        List<String> lines = new ArrayList<>(List.of(Long.toString(bodyThread), table));
        labels.forEach(l -> lines.add(l.replace('\n', ' ')));
        Path fresh = directory.resolve(FILE + ".new");
        try {
            Files.write(fresh, lines, StandardCharsets.UTF_8);
            Files.move(fresh, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("the worker cannot write " + directory.resolve(FILE), e);
        }
    }

    /** The running test's note; empty before its body began (or when the worker left none). */
    static Optional<ArmedNote> read(Path directory) {
        try {
            List<String> lines = Files.readAllLines(directory.resolve(FILE), StandardCharsets.UTF_8);
            if (lines.size() < 2) {
                return Optional.empty();
            }
            return Optional.of(new ArmedNote(Long.parseLong(lines.get(0)), lines.get(1), lines.subList(2, lines.size())));
        } catch (NoSuchFileException | NumberFormatException none) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory.resolve(FILE), e);
        }
    }

    static void clear(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory.resolve(FILE), e);
        }
    }
}
