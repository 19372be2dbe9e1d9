// The header's paused field (offset 128) as TraceFile.create writes it and TraceRecording switches it, byte for byte.
package dev.sysfault.fault.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceRecordingTest {

    private static final int PAUSED_AT = 128;

    @TempDir
    Path dir;

    @Test
    void aTraceCreatedPausedHasOneAtOffset128AndIsOtherwiseTheSame() throws IOException {
        Path paused = TraceFile.create(dir.resolve("paused.trace"), TraceOptions.all().capacity(16).paused());
        Path recording = TraceFile.create(dir.resolve("recording.trace"), TraceOptions.all().capacity(16));
        byte[] p = Files.readAllBytes(paused);
        byte[] r = Files.readAllBytes(recording);

        assertThat(intAt(p, PAUSED_AT)).isEqualTo(1);
        assertThat(intAt(r, PAUSED_AT)).as("every existing file has 0: record").isZero();
        p[PAUSED_AT] = 0;
        assertThat(p).as("the rest of the bytes").isEqualTo(r);
    }

    @Test
    void pauseAndResumeWriteTheFieldAndNothingElse() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.syscalls("openat").capacity(16));
        byte[] before = Files.readAllBytes(file);
        TraceRecording recording = TraceRecording.open(file);
        assertThat(recording.isPaused()).isFalse();

        recording.pause();
        byte[] paused = Files.readAllBytes(file);
        assertThat(recording.isPaused()).isTrue();
        assertThat(intAt(paused, PAUSED_AT)).isEqualTo(1);
        paused[PAUSED_AT] = 0;
        assertThat(paused).isEqualTo(before);

        recording.resume();
        assertThat(recording.isPaused()).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void isPausedSeesWhatAnotherWriterOfTheFileSet() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16));
        TraceRecording recording = TraceRecording.open(file);
        TraceRecording other = TraceRecording.open(file);

        writeInt(file, PAUSED_AT, 7);   // any non-zero value means paused
        assertThat(recording.isPaused()).isTrue();
        other.resume();
        assertThat(recording.isPaused()).isFalse();
        assertThat(recording).hasToString(file + " (recording)");
    }

    @Test
    void aPausedFileStaysAReadableTrace() throws IOException {
        Path file = TraceFile.create(dir.resolve("t.trace"), TraceOptions.all().capacity(16).paused());
        assertThat(SyscallTrace.open(file).events()).isEmpty();
        assertThat(TraceRecording.open(file).isPaused()).isTrue();
    }

    @Test
    void onlyATraceIsOpened() throws IOException {
        Path notATrace = Files.write(dir.resolve("data"), new byte[4096 + 256 * 16]);
        assertThatThrownBy(() -> TraceRecording.open(notATrace)).isInstanceOf(InvalidTraceFileException.class)
                .hasMessageStartingWith(notATrace + ": it is not a sysfault trace");
        assertThat(Files.readAllBytes(notATrace)).as("left alone").containsOnly(0);
    }

    @Test
    void pausedIsAnOptionOfItsOwn() {
        TraceOptions options = TraceOptions.syscalls("openat").capacity(1024);
        assertThat(options.startsPaused()).isFalse();
        assertThat(options.paused().startsPaused()).isTrue();
        assertThat(options.paused().stopWhenFull().capacity(64).startsPaused()).as("kept by the other settings")
                .isTrue();
        assertThat(options.paused()).isNotEqualTo(options)
                .isEqualTo(TraceOptions.syscalls("openat").paused().capacity(1024));
        assertThat(options.paused()).hasToString("openat, 1024 events, wrap when full, paused");
    }

    private static int intAt(byte[] bytes, int at) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
    }

    private static void writeInt(Path file, int at, int value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), at);
        }
    }
}
