// A file whose header fails a check is refused with the file, what is wrong and how to get a good one.
package dev.sysfault.fault.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceHeaderTest {

    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void createAValidTrace() throws IOException {
        file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
    }

    @Test
    void aValidHeaderOpens() throws IOException {
        assertThat(SyscallTrace.open(file).events()).isEmpty();
    }

    @Test
    void wrongMagic() throws IOException {
        put(0, "SFRULES\0".getBytes());
        assertRefused("it is not a sysfault trace: the magic is \"SFRULES\\0\", expected \"SFTRACE\" and a zero byte");
    }

    @Test
    void wrongVersion() throws IOException {
        put(8, shortBytes(3));
        assertRefused("it is format version 3; this reader knows version 2");
    }

    @Test
    void aVersion1TraceIsRefused() throws IOException {
        put(8, shortBytes(1));
        put(56, intBytes(0)); // reserved in version 1
        assertRefused("it is format version 1; this reader knows version 2 (use the same sysfault version on both"
                + " sides)");
    }

    @Test
    void blockEventsOtherThan16() throws IOException {
        put(56, intBytes(32));
        assertRefused("block_events is 32, expected 16");
        put(56, intBytes(0));
        assertRefused("block_events is 0, expected 16");
        put(56, intBytes(-1));
        assertRefused("block_events is 4294967295, expected 16");
    }

    @Test
    void wrongSizes() throws IOException {
        put(10, shortBytes(64));
        assertRefused("header_size is 64, expected 4096");
        put(10, shortBytes(4096));
        put(12, shortBytes(128));
        assertRefused("event_size is 128, expected 256");
    }

    @Test
    void undefinedFlags() throws IOException {
        put(14, shortBytes(0x18));
        assertRefused("flag bits 0x18 are not defined in version 2");
    }

    @Test
    void capacityNotAPowerOfTwoOrOutOfRange() throws IOException {
        put(16, intBytes(24));
        assertRefused("capacity 24 is not a power of two from 16 to 16777216");
        put(16, intBytes(8));
        assertRefused("capacity 8 is not a power of two from 16 to 16777216");
        put(16, intBytes(0x80000000));
        assertRefused("capacity 2147483648 is not a power of two");
    }

    @Test
    void fileLengthThatDisagreesWithTheCapacity() throws IOException {
        put(16, intBytes(32));
        assertRefused("it has 8192 bytes, but a trace of capacity 32 has exactly 12288 (4096 + 256 × capacity)");
        put(16, intBytes(16));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(8192 + 1);
        }
        assertRefused("it has 8193 bytes, but a trace of capacity 16 has exactly 8192");
    }

    @Test
    void aFileShorterThanAHeader() throws IOException {
        Path small = Files.write(dir.resolve("small.trace"), new byte[100]);
        assertThatThrownBy(() -> SyscallTrace.open(small, Duration.ZERO)).isInstanceOf(InvalidTraceFileException.class)
                .hasMessageStartingWith(small + ": it has 100 bytes, fewer than the 4096-byte header");
    }

    @Test
    void aHeaderThatNeverBecomesReadyIsRefusedAfterTheWait() throws IOException {
        put(20, intBytes(0));
        long start = System.nanoTime();
        assertThatThrownBy(() -> SyscallTrace.open(file, Duration.ofMillis(200)))
                .hasMessageContaining("its header is not ready (ready = 0)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aHeaderThatBecomesReadyWhileWaitingOpens() throws Exception {
        put(20, intBytes(0));
        Thread opener = Thread.currentThread();
        Thread creator = new Thread(() -> {
            try {
                // Ready only once the opener sleeps between its looks at the header: it has seen "not ready".
                while (opener.getState() != Thread.State.TIMED_WAITING) {
                    Thread.onSpinWait();
                }
                put(20, intBytes(1));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        creator.start();
        // A wait of minutes, not the second open(file) allows: a busy machine may run the creator late.
        assertThat(SyscallTrace.open(file, Duration.ofMinutes(5)).options().capacity()).isEqualTo(16);
        creator.join();
    }

    private void assertRefused(String problem) {
        assertThatThrownBy(() -> SyscallTrace.open(file, Duration.ZERO)).isInstanceOf(InvalidTraceFileException.class)
                .hasMessageStartingWith(file + ": " + problem)
                .hasMessageEndingWith("; TraceFile.create makes a valid trace (docs/trace-format.md)");
    }

    private void put(long offset, byte[] bytes) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static byte[] shortBytes(int v) {
        return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
