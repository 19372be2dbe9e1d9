// The log without faults: what is committed comes back, and a crash's torn tail is dropped on reopening.
package dev.sysfault.samples.wal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.APPEND;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {

    @TempDir
    Path dir;

    @Test
    void committedRecordsComeBackInOrder() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir)) {
            wal.append("debit alice 100".getBytes(UTF_8));
            wal.append("credit bob 100".getBytes(UTF_8));
            wal.commit();
        }

        assertThat(records()).containsExactly("debit alice 100", "credit bob 100");
    }

    @Test
    void reopeningAppendsAfterTheExistingRecords() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir)) {
            wal.append("first".getBytes(UTF_8));
            wal.commit();
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir)) {
            wal.append("second".getBytes(UTF_8));
            wal.commit();
        }

        assertThat(records()).containsExactly("first", "second");
    }

    @Test
    void aTornRecordLeftByACrashIsDroppedOnReopening() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir)) {
            wal.append("kept".getBytes(UTF_8));
            wal.commit();
        }
        long intact = Files.size(dir.resolve(WriteAheadLog.FILE_NAME));
        Files.write(dir.resolve(WriteAheadLog.FILE_NAME), new byte[] {0, 0, 0, 42, 1, 2}, APPEND);

        try (WriteAheadLog wal = WriteAheadLog.open(dir)) {
            assertThat(Files.size(dir.resolve(WriteAheadLog.FILE_NAME))).isEqualTo(intact);
            wal.append("after the crash".getBytes(UTF_8));
            wal.commit();
        }

        assertThat(records()).containsExactly("kept", "after the crash");
    }

    private List<String> records() throws IOException {
        return WalRecords.readAll(dir).stream().map(r -> new String(r, UTF_8)).toList();
    }
}
