// An attacker's shared library for the trust tests: its constructor leaves a marker, so a test sees whether it ran.
package dev.sysfault.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compiled with the system's {@code cc}, as the native module is. */
public final class PlantedLibrary {

    private PlantedLibrary() {
    }

    /**
     * Writes to {@code library} a shared library that creates {@code marker} when it is loaded, padded with zeros to
     * {@code size} bytes (the loader ignores what follows the ELF file's parts): a file of the right name and size.
     */
    public static void write(Path library, Path marker, long size) throws IOException, InterruptedException {
        Path source = Files.createTempFile("sysfault-planted-", ".c");
        try {
            Files.writeString(source, "#include <fcntl.h>\n#include <unistd.h>\n"
                    + "__attribute__((constructor)) static void planted(void) {\n"
                    + "    int fd = open(\"" + marker + "\", O_WRONLY | O_CREAT, 0644);\n"
                    + "    if (fd >= 0) close(fd);\n}\n", StandardCharsets.UTF_8);
            Process cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-o", library.toString(), source.toString())
                    .redirectErrorStream(true).start();
            String said = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (cc.waitFor() != 0) {
                throw new IllegalStateException("cc could not build the planted library: " + said);
            }
        } finally {
            Files.delete(source);
        }
        if (Files.size(library) > size) {
            throw new IllegalStateException("the planted library is larger than " + size + " bytes");
        }
        try (RandomAccessFile file = new RandomAccessFile(library.toFile(), "rw")) {
            file.setLength(size);
        }
    }
}
