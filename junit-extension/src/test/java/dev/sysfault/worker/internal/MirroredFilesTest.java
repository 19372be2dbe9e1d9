// What a worker sends into its parent's copy of its directory: whole files, parts within a file, and nothing elsewhere.
package dev.sysfault.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.worker.internal.Messages.FilePart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirroredFilesTest {

    @Test
    void aWholeFileReplacesTheCopyAndAPartIsWrittenInPlace(@TempDir Path dir) throws IOException {
        MirroredFiles.write(dir, new FilePart("rules-1.bin", 0, new byte[] {1, 2, 3, 4}, true));
        assertThat(Files.readAllBytes(dir.resolve("rules-1.bin"))).containsExactly(1, 2, 3, 4);
        Path trace = Files.write(dir.resolve("trace.bin"), new byte[8]);
        Object before = Files.getAttribute(trace, "unix:ino");
        MirroredFiles.write(dir, new FilePart("trace.bin", 2, new byte[] {7, 7}, false));
        assertThat(Files.readAllBytes(trace)).containsExactly(0, 0, 7, 7, 0, 0, 0, 0);
        assertThat(Files.getAttribute(trace, "unix:ino")).as("the same file, which the parent maps").isEqualTo(before);
    }

    @Test
    void aNameWithAFolderOrBytesPastTheEndAreRefused(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("copy"));
        assertThatThrownBy(() -> MirroredFiles.write(dir.resolve("copy"), new FilePart("../escaped", 0, new byte[1], true)))
                .hasMessageContaining("the worker sent a file named ../escaped: not a plain file name");
        assertThat(dir.resolve("escaped")).doesNotExist();
        Files.write(dir.resolve("trace.bin"), new byte[8]);
        assertThatThrownBy(() -> MirroredFiles.write(dir, new FilePart("trace.bin", 6, new byte[4], false)))
                .hasMessageContaining("bytes 6 to 10 of trace.bin, which has 8");
    }
}
