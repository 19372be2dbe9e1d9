// Every failure a copy's file calls can meet, found by exploration: the target is whole or untouched, no part file stays.
package dev.sysfault.samples.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.junit.ExploreSyscallFaults;
import dev.sysfault.junit.ExploredFault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The check is in {@code @AfterEach}: it runs after the body, without faults, and its calls are no failure points. */
class FileCopierExplorationTest {

    private static final byte[] CONTENT = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
    private static final String OLD = "the old target";

    @TempDir
    Path dir;

    Path source;
    Path target;
    IOException failed;

    @BeforeEach
    void files() throws IOException {
        source = Files.write(dir.resolve("source.bin"), CONTENT);
        target = Files.writeString(dir.resolve("target.bin"), OLD);
    }

    @ExploreSyscallFaults(syscalls = {"openat", "read", "write", "fsync", "rename", "close"})
    void copy() {
        try {
            FileCopier.copy(source, target);
        } catch (IOException e) {
            failed = e;
        }
    }

    @AfterEach
    void theTargetIsWholeOrUntouched(ExploredFault fault) throws IOException {
        if (failed == null) {
            assertThat(Files.readAllBytes(target)).isEqualTo(CONTENT);
        } else {
            assertThat(fault.injected()).as("failed without a fault: %s", failed).isTrue();
            assertThat(target).hasContent(OLD);
        }
        assertThat(dir.resolve("target.bin" + FileCopier.PART_SUFFIX)).as("the part file").doesNotExist();
    }
}
