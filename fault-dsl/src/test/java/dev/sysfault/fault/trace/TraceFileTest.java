// TraceFile.create writes the header docs/trace-format.md describes, byte for byte, and TraceOptions refuses mistakes.
package dev.sysfault.fault.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.FaultSpecException;
import dev.sysfault.fault.SyscallClass;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFileTest {

    @TempDir
    Path dir;
    int created;

    @Test
    void anEmptyTraceIsTheHeaderThenZeroedSlots() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes).hasSize(4096 + 256 * 16);
        assertThat(new String(bytes, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SFTRACE\0");
        assertThat(b.getShort(8)).isEqualTo((short) 2);
        assertThat(b.getShort(10)).isEqualTo((short) 4096);
        assertThat(b.getShort(12)).isEqualTo((short) 256);
        assertThat(b.getShort(14)).isZero();
        assertThat(b.getInt(16)).isEqualTo(16);
        assertThat(b.getInt(20)).isEqualTo(1);
        assertThat(b.getLong(24)).isZero();
        assertThat(b.getLong(32)).isZero();
        assertThat(b.getLong(40)).as("created_ns: Java cannot read CLOCK_MONOTONIC").isZero();
        assertThat(b.getInt(56)).as("block_events").isEqualTo(16);
        assertThat(b.getInt(60)).as("buffer_bytes: strace's -s").isEqualTo(32);
        for (int i = 48; i < bytes.length; i++) {
            if (i < 56 || i >= 64) {
                assertThat(bytes[i]).as("byte %d", i).isZero();
            }
        }
    }

    @Test
    void theFileIsTheOwnersOnly() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aTraceIsNeverCreatedOverAnotherFile() throws IOException {
        Path file = Files.writeString(dir.resolve("t.trace"), "keep me");
        assertThatThrownBy(() -> TraceFile.create(file, TraceOptions.all())).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(file).hasContent("keep me");
    }

    @Test
    void optionsBecomeFlagsAndTheRecordSet() throws IOException {
        assertThat(header(TraceOptions.all().stopWhenFull()).getShort(14)).isEqualTo((short) 1);
        assertThat(header(TraceOptions.matchedOnly()).getShort(14)).isEqualTo((short) 2);
        assertThat(header(TraceOptions.all().stopWhenFull().wrap()).getShort(14)).isZero();
        ByteBuffer b = header(TraceOptions.syscalls("openat", "read"));
        assertThat(b.getShort(14)).isEqualTo((short) 4);
        assertThat(b.get(64)).isEqualTo((byte) 1); // read: 0
        assertThat(b.get(64 + 257 / 8)).isEqualTo((byte) (1 << (257 % 8)));
        assertThat(header(TraceOptions.all().capacity(1 << 20)).getInt(16)).isEqualTo(1 << 20);
    }

    @Test
    void optionsReadBackFromTheHeader() throws IOException {
        for (TraceOptions o : new TraceOptions[] {TraceOptions.all(), TraceOptions.matchedOnly().stopWhenFull(),
                TraceOptions.syscalls(SyscallClass.NETWORK).capacity(64), TraceOptions.syscalls("open")}) {
            Path file = TraceFile.create(dir.resolve(Integer.toHexString(o.hashCode())), o);
            assertThat(SyscallTrace.open(file).options()).isEqualTo(o);
        }
    }

    @Test
    void syscallsAreNamedAsForFaults() {
        assertThat(TraceOptions.syscalls("open").recordedSyscalls().orElseThrow()).contains(2, 257);
        assertThat(TraceOptions.syscalls("%file").recordedSyscalls().orElseThrow()).contains(257, 262);
        assertThat(TraceOptions.syscalls(SyscallClass.DESC).recordedSyscalls().orElseThrow()).contains(0, 1, 3);
        assertThat(TraceOptions.all().recordedSyscalls()).isEmpty();
        assertThat(TraceOptions.syscalls("openat").capacity(1024).stopWhenFull())
                .hasToString("openat, 1024 events, stop when full");
    }

    @Test
    void mistakesAreRefusedWithHowToWriteThem() {
        assertThatThrownBy(() -> TraceOptions.all().capacity(1000)).isInstanceOf(FaultSpecException.class)
                .hasMessage("a trace's capacity is a power of two from 16 to 16777216 events, not 1000; use 1024");
        assertThatThrownBy(() -> TraceOptions.all().capacity(8)).hasMessageEndingWith("not 8; use 16");
        assertThatThrownBy(() -> TraceOptions.all().capacity(1 << 25)).hasMessageEndingWith("use 16777216");
        assertThatThrownBy(() -> TraceOptions.all().capacity(-4)).hasMessageEndingWith("not -4; use 16");
        assertThatThrownBy(() -> TraceOptions.syscalls(new String[0])).hasMessageContaining("at least one syscall");
        assertThatThrownBy(() -> TraceOptions.syscalls(new SyscallClass[0])).hasMessageContaining("at least one class");
        assertThatThrownBy(() -> TraceOptions.syscalls("opnat")).isInstanceOf(FaultSpecException.class)
                .hasMessageStartingWith("TraceOptions.syscalls: unknown syscall \"opnat\": did you mean openat");
    }

    private ByteBuffer header(TraceOptions options) throws IOException {
        Path file = TraceFile.create(dir.resolve("h" + created++ + ".trace"), options);
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
