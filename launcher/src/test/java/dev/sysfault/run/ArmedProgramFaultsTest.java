// Faults armed in a running program (RunningProgram.inject): every process switches, and back; counts per armed set.
package dev.sysfault.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.testsupport.NativeBuild;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program, {@code fsync_on_request}, forks a child at start and fsyncs (in itself or the child) each time it is
 * asked through one FIFO, answering through another: each answer is the outcome of a call made after the question,
 * so no test waits for a time.
 */
class ArmedProgramFaultsTest {

    private static final Fault FSYNC_EIO = Fault.on("fsync").fail(Errno.EIO);

    @Test
    void theProgramAndItsForkedChildSwitchToInjectedFaultsAndBack(@TempDir Path tmp) throws Exception {
        try (Conversation program = Conversation.start(tmp)) {
            assertThat(program.ask("parent")).isEqualTo("parent ok");
            assertThat(program.ask("child")).isEqualTo("child ok");

            try (ArmedProgramFaults armed = program.running.inject(FSYNC_EIO)) {
                assertThat(program.ask("parent")).isEqualTo("parent EIO");
                assertThat(program.ask("child")).isEqualTo("child EIO");
                assertThat(program.ask("child")).isEqualTo("child EIO");
                assertThat(armed.fired(0)).isEqualTo(3);

                try (ArmedProgramFaults none = program.running.disarm()) {
                    assertThat(program.ask("parent")).isEqualTo("parent ok");
                    assertThat(program.ask("child")).isEqualTo("child ok");
                    assertThat(none.faults()).isEmpty();
                }
                assertThat(program.ask("parent")).isEqualTo("parent EIO");
                assertThat(armed.fired(0)).as("its counters go on where they were").isEqualTo(4);
            }
            assertThat(program.ask("parent")).isEqualTo("parent ok");
            assertThat(program.ask("child")).isEqualTo("child ok");

            try (ArmedProgramFaults again = program.running.inject(Fault.on("fsync").fail(Errno.ENOSPC))) {
                assertThat(program.ask("child")).isEqualTo("child errno 28");
                assertThat(again.fired(0)).as("a new set counts from zero").isEqualTo(1);
            }
        }
    }

    @Test
    void theBuildersFaultsAreArmedAgainWhenTheInjectedOnesClose(@TempDir Path tmp) throws Exception {
        try (Conversation program = Conversation.start(tmp, FSYNC_EIO)) {
            assertThat(program.ask("child")).isEqualTo("child EIO");
            try (ArmedProgramFaults none = program.running.disarm()) {
                assertThat(program.ask("child")).isEqualTo("child ok");
                assertThat(none.counters().rules()).isEmpty();
            }
            assertThat(program.ask("parent")).isEqualTo("parent EIO");
            assertThat(program.running.ruleCounters().fired(0)).isEqualTo(2);
        }
    }

    @Test
    void aProgramExecutedAfterTheSwapBeginsWithTheInjectedFaults(@TempDir Path tmp) throws Exception {
        Path gate = Conversation.fifo(tmp.resolve("gate"));
        // The shell waits at the gate, then execs the program: a new image, whose start-up finds the swap done.
        try (Conversation program = Conversation.start(tmp, List.of("sh", "-c", "read go < \"$0\"; exec \"$@\"",
                gate.toString()))) {
            try (ArmedProgramFaults armed = program.running.inject(FSYNC_EIO)) {
                Files.writeString(gate, "go\n");
                program.open();
                assertThat(program.ask("parent")).isEqualTo("parent EIO");
                assertThat(program.ask("child")).isEqualTo("child EIO");
                assertThat(armed.fired(0)).isEqualTo(2);
            }
            assertThat(program.ask("parent")).isEqualTo("parent ok");
        }
    }

    @Test
    void anInjectedFaultThatNeverFiredFailsItsClose(@TempDir Path tmp) throws Exception {
        try (Conversation program = Conversation.start(tmp)) {
            ArmedProgramFaults armed = program.running.inject(Fault.on("fdatasync").fail(Errno.EIO));
            assertThat(program.ask("parent")).isEqualTo("parent ok");
            assertThatThrownBy(armed::close).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the fault fdatasync:error=EIO armed in the program never fired")
                    .hasMessageContaining("fsync");
            assertThat(program.ask("parent")).as("disarmed all the same").isEqualTo("parent ok");

            try (ArmedProgramFaults optional = program.running.inject(Fault.on("fdatasync").fail(Errno.EIO).optional())) {
                assertThat(program.ask("parent")).isEqualTo("parent ok");
                assertThat(optional.fired(0)).isZero();
            }
        }
    }

    @Test
    void closingOutOfOrderSaysWhichToCloseFirst(@TempDir Path tmp) throws Exception {
        try (Conversation program = Conversation.start(tmp);
                ArmedProgramFaults first = program.running.inject(FSYNC_EIO.optional());
                ArmedProgramFaults second = program.running.disarm()) {
            assertThatThrownBy(first::close).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("close them first");
            assertThat(second.faults()).isEmpty();
        }
    }

    /** fsync_on_request under the library, and its two FIFOs. */
    private static final class Conversation implements AutoCloseable {
        final RunningProgram running;
        private final Path requestsFifo;
        private final Path repliesFifo;
        private Writer requests;
        private BufferedReader replies;

        private Conversation(RunningProgram running, Path requestsFifo, Path repliesFifo) {
            this.running = running;
            this.requestsFifo = requestsFifo;
            this.repliesFifo = repliesFifo;
        }

        static Conversation start(Path tmp, Fault... faults) throws IOException, InterruptedException {
            Conversation c = start(tmp, List.of(), faults);
            c.open();
            return c;
        }

        /** Runs the program behind {@code before} (a shell that execs it); {@link #open()} when it runs. */
        static Conversation start(Path tmp, List<String> before, Fault... faults)
                throws IOException, InterruptedException {
            Path requests = fifo(tmp.resolve("requests"));
            Path replies = fifo(tmp.resolve("replies"));
            List<String> command = new ArrayList<>(before);
            command.addAll(List.of(NativeBuild.program("fsync_on_request").toString(), requests.toString(),
                    replies.toString(), tmp.resolve("data").toString()));
            RunningProgram running = NativeBuild.traced(TraceOptions.all(), command).inject(faults).start();
            return new Conversation(running, requests, replies);
        }

        /** The program opens requests, then replies: each open here returns once the program has opened its end. */
        void open() throws IOException {
            requests = Files.newBufferedWriter(requestsFifo, StandardCharsets.US_ASCII);
            replies = Files.newBufferedReader(repliesFifo, StandardCharsets.US_ASCII);
        }

        String ask(String who) throws IOException {
            requests.write(who + "\n");
            requests.flush();
            String line = replies.readLine();
            assertThat(line).as("an answer from " + running + ", whose stderr says: " + running.stderrSoFar())
                    .isNotNull();
            return line;
        }

        static Path fifo(Path path) throws IOException, InterruptedException {
            Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            assertThat(mkfifo.waitFor()).as("mkfifo " + path).isZero();
            return path;
        }

        @Override
        public void close() throws IOException {
            requests.close(); // the program's end of input: it exits
            replies.close();
            ProcessResult result = running.await();
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            result.close();
        }
    }
}
