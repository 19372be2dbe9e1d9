// A program run under the interceptor: lists a directory with Files.list and prints the entries or the error.
package dev.sysfault.interceptor.programs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ListDirectory DIR}: prints {@code entries: N} and the sorted names, exit status 0; or,
 * when listing fails, {@code error: <exception>: <message>} with exit status 3.
 */
public final class ListDirectory {

    private ListDirectory() {
    }

    public static void main(String[] args) {
        try (Stream<Path> entries = Files.list(Path.of(args[0]))) {
            List<String> names = entries.map(path -> path.getFileName().toString()).sorted().toList();
            System.out.println("entries: " + names.size());
            names.forEach(System.out::println);
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            System.out.println("error: " + cause.getClass().getName() + ": " + cause.getMessage());
            System.exit(3);
        }
    }
}
