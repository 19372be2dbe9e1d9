// Every failure the log's writes, syncs and truncations can meet, found by exploration: a committed record is never lost.
package dev.sysfault.samples.wal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.junit.ExploreSyscallFaults;
import dev.sysfault.junit.ExploredFault;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogExplorationTest {

    @TempDir
    Path dir;

    boolean committed;

    /** Every call the log makes on its file (reading it back is in @AfterEach: without faults, no failure point). */
    @ExploreSyscallFaults(fdPath = WriteAheadLog.FILE_NAME)
    void commitOneRecord(ExploredFault fault) {
        try (WriteAheadLog wal = WriteAheadLog.open(dir)) {
            wal.append("debit alice 100".getBytes(UTF_8));
            wal.commit();
            committed = true;
        } catch (IOException | IllegalStateException failed) {
            assertThat(fault.injected()).as("failed without a fault: %s", failed).isTrue();
        }
    }

    @AfterEach
    void aCommittedRecordIsNeverLost() throws IOException {
        List<String> records = WalRecords.readAll(dir).stream().map(r -> new String(r, UTF_8)).toList();
        if (committed) {
            assertThat(records).containsExactly("debit alice 100");
        } else {
            assertThat(records).isSubsetOf("debit alice 100");   // never torn: the whole record or nothing
        }
    }
}
