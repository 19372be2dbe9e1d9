// Pausing a trace (its header's paused field) from Java while a real program records into it, and files made paused.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.fault.trace.TraceRecording;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code getppid_on_request} (src/test/c/progs) makes N getppid calls for each line "N" it reads, then says "done N". */
class TracePausingTest {

    @TempDir
    Path dir;

    private ProgramRun recordingInto(Path trace) {
        return ProgramRun.of(NativeBuild.program("getppid_on_request").toString()).in(dir)
                .env("SYSFAULT_TRACE", trace.toString()).env("SYSFAULT_CACHE_DIR", "").preload(NativeBuild.preload());
    }

    /** The running program, asked for getppid calls one batch at a time. */
    private static final class Conversation implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        Conversation(ProgramRun run) {
            process = run.start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        }

        void getppid(int calls) throws IOException {
            in.write(calls + "\n");
            in.flush();
            assertThat(out.readLine()).isEqualTo("done " + calls);
        }

        @Override
        public void close() throws IOException {
            in.close();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                // A close that throws InterruptedException would let the interrupt be lost by a try-with-resources.
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the program ends");
            }
            assertThat(process.exitValue()).as("exit status").isZero();
        }
    }

    private static long getppidEvents(SyscallTrace trace) {
        return trace.stream().filter(e -> e.name().equals("getppid")).count();
    }

    @Test
    void pausingStopsTheRecordingOfARunningProgramAndResumingRestartsIt() throws Exception {
        Path file = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all());
        SyscallTrace trace = SyscallTrace.open(file);
        TraceRecording recording = TraceRecording.open(file);

        try (Conversation program = new Conversation(recordingInto(file))) {
            program.getppid(1000);
            assertThat(getppidEvents(trace)).isEqualTo(1000);

            recording.pause();
            int before = trace.size();
            program.getppid(1000);
            program.getppid(500);
            assertThat(getppidEvents(trace)).as("nothing recorded while paused").isEqualTo(1000);
            // the read that was waiting for the request when the pause came may still complete its event
            assertThat(trace.size()).as("events while paused").isBetween(before, before + 1);

            recording.resume();
            program.getppid(700);
            assertThat(getppidEvents(trace)).as("recording again").isEqualTo(1700);
        }
        assertThat(trace.lost()).isZero();
    }

    @Test
    void aTraceCreatedPausedRecordsNothingUntilItIsResumed() throws Exception {
        Path file = TraceFile.create(dir.resolve("run.trace"), TraceOptions.all().paused());
        SyscallTrace trace = SyscallTrace.open(file);

        try (Conversation program = new Conversation(recordingInto(file))) {
            program.getppid(300);
            assertThat(trace.size()).as("nothing at all, start-up included").isZero();

            TraceRecording.open(file).resume();
            program.getppid(200);
            assertThat(getppidEvents(trace)).isEqualTo(200);
        }
    }

    @Test
    void theLibraryCreatesTheFilePausedWhenSysfaultTracePausedSaysSo() throws Exception {
        Path paused = dir.resolve("paused.trace");
        Path zero = dir.resolve("zero.trace");

        try (Conversation program = new Conversation(recordingInto(paused).env("SYSFAULT_TRACE_PAUSED", "1"))) {
            program.getppid(100);
            assertThat(TraceRecording.open(paused).isPaused()).isTrue();
            assertThat(SyscallTrace.open(paused).size()).isZero();
        }
        try (Conversation program = new Conversation(recordingInto(zero).env("SYSFAULT_TRACE_PAUSED", "0"))) {
            program.getppid(100);
            assertThat(TraceRecording.open(zero).isPaused()).as("\"0\" is not paused").isFalse();
            assertThat(getppidEvents(SyscallTrace.open(zero))).isEqualTo(100);
        }
    }
}
