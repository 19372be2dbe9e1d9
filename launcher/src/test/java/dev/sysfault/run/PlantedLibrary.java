// An attacker's shared library for the trust tests: its constructor leaves a marker, so a test sees whether it ran.
package dev.sysfault.run;

import dev.sysfault.testsupport.NativeBuild;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The hook library {@code planted_marker} that make builds (interceptor-native's src/test/c/hooks), so that no
 * compiler is needed where the tests run (the JDK 21 image has none): loaded into a process whose environment has
 * {@value #MARKER_VARIABLE}, it creates the file that names.
 */
public final class PlantedLibrary {

    /** The environment variable naming the file the planted code creates when it runs. */
    public static final String MARKER_VARIABLE = "PLANTED_CODE_MARKER";

    private PlantedLibrary() {
    }

    /** The planted library as make built it. */
    public static Path built() {
        return NativeBuild.hook("planted_marker");
    }

    /**
     * Writes the planted library to {@code library}, padded with zeros to {@code size} bytes (the loader ignores what
     * follows the ELF file's parts): a file of the right name and size.
     */
    public static void write(Path library, long size) throws IOException {
        Files.copy(built(), library, StandardCopyOption.REPLACE_EXISTING);
        if (Files.size(library) > size) {
            throw new IllegalStateException("the planted library is larger than " + size + " bytes");
        }
        try (RandomAccessFile file = new RandomAccessFile(library.toFile(), "rw")) {
            file.setLength(size);
        }
    }
}
