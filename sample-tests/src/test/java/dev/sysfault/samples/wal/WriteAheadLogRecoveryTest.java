// The log breaks while the disk fails and works again once reopened: faults armed and disarmed inside the test.
package dev.sysfault.samples.wal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.junit.ArmedFaults;
import dev.sysfault.junit.InjectedFaults;
import dev.sysfault.junit.SyscallFaultExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(SyscallFaultExtension.class)
class WriteAheadLogRecoveryTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"EIO, Input/output error", "ENOSPC, No space left on device"})
    void aCommitThatFailedIsKeptOutAndTheReopenedLogGoesOn(Errno errno, String says, InjectedFaults faults)
            throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir)) {
            wal.append("one".getBytes(UTF_8));
            wal.commit();
            wal.append("two".getBytes(UTF_8));
            try (ArmedFaults disk = faults.inject(Fault.on("fsync").fdPath("**/wal.log").fail(errno))) {
                assertThatThrownBy(wal::commit).isInstanceOf(IOException.class).hasMessageContaining(says);
                assertThat(disk.fired(0)).isEqualTo(1);
            }
        }

        try (WriteAheadLog wal = WriteAheadLog.open(dir)) {   // the disk works again
            wal.append("three".getBytes(UTF_8));
            wal.commit();
        }
        assertThat(WalRecords.readAll(dir).stream().map(r -> new String(r, UTF_8)))
                .startsWith("one").endsWith("three");
    }
}
