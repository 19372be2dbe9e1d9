// Calls that nothing wanted skip the dispatcher (hook/quiet_calls.h): whatever comes to want them later meets the very next call.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code calls_on_request} (src/test/c/progs) makes one getppid per line it reads, through glibc's patched
 * site or from its own syscall instruction (which SUD catches once, then rewrites to the fast path), and
 * answers with what the call returned, in its main thread or in a second one. Each test lets both kinds of
 * call go quiet first, several times over, then changes what wants them and asks for one more call.
 */
class QuietCallsTest {

    private static final String REAL_PARENT = Long.toString(ProcessHandle.current().pid());

    @TempDir
    Path dir;

    /** The running program, asked for one call at a time. */
    private static final class Conversation implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        Conversation(ProgramRun run) {
            process = run.start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        }

        String ask(String command) throws IOException {
            in.write(command + "\n");
            in.flush();
            return out.readLine();
        }

        /** Quiet calls from both sites: the raw one's first is caught and rewrites its site. */
        void quietCalls() throws IOException {
            for (int i = 0; i < 5; i++) {
                assertThat(ask("raw")).isEqualTo("raw = " + REAL_PARENT);
                assertThat(ask("glibc")).isEqualTo("glibc = " + REAL_PARENT);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the program ends");
            }
            assertThat(process.exitValue()).as("exit status").isZero();
        }
    }

    private ProgramRun callsOnRequest() {
        return ProgramRun.of(NativeBuild.program("calls_on_request").toString()).in(dir)
                .env("SYSFAULT_CACHE_DIR", "").env("SYSFAULT_SUD", "1").preload(NativeBuild.preload());
    }

    /** docs/control-file.md: magic, version 1, and the generation whose table (rules-N beside it) is wanted. */
    private static ByteBuffer controlFile(long generation) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("SFCTRL\0\0".getBytes(StandardCharsets.US_ASCII)).putShort(8, (short) 1).putLong(16, generation);
        return b;
    }

    @ParameterizedTest(name = "the next call from {0}")
    @ValueSource(strings = {"raw", "glibc"})
    void aTableTheControlFileNamesAfterTheCallsWentQuietAnswersTheNextCall(String first) throws IOException {
        // in force from the start, with a rule for another call: getppid is quiet under it
        Path start = dir.resolve("start.rules");
        RuleTable.compile(List.of(Fault.on("getdents64").returnValue(0))).write(start);
        RuleTable.compile(List.of(Fault.on("getppid").returnValue(7))).write(dir.resolve("rules-1"));
        Path control = dir.resolve("control");
        Files.write(control, controlFile(0).array());

        try (Conversation program = new Conversation(
                callsOnRequest().env("SYSFAULT_RULES", start.toString()).env("SYSFAULT_CONTROL", control.toString()));
                FileChannel channel = FileChannel.open(control, StandardOpenOption.WRITE)) {
            program.quietCalls();

            // the generation word alone, in place: the program has the file mapped
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1), 16);

            String second = first.equals("raw") ? "glibc" : "raw";
            assertThat(program.ask(first)).isEqualTo(first + " = 7");
            assertThat(program.ask(second)).isEqualTo(second + " = 7");
        }
    }

    @Test
    void aThreadThatNothingArmedIsArmedByItsNextCallOnceAnotherLoadedATable() throws IOException {
        // no SYSFAULT_SUD: nothing wants SUD at first, so no thread is armed and raw calls go unseen
        RuleTable.compile(List.of(Fault.on("getppid").returnValue(7))).write(dir.resolve("rules-1"));
        Path control = dir.resolve("control");
        Files.write(control, controlFile(0).array());

        ProgramRun run = ProgramRun.of(NativeBuild.program("calls_on_request").toString()).in(dir)
                .env("SYSFAULT_CACHE_DIR", "").env("SYSFAULT_CONTROL", control.toString())
                .preload(NativeBuild.preload());
        try (Conversation program = new Conversation(run);
                FileChannel channel = FileChannel.open(control, StandardOpenOption.WRITE)) {
            program.quietCalls();
            assertThat(program.ask("other glibc")).isEqualTo("glibc = " + REAL_PARENT);
            assertThat(program.ask("other raw")).isEqualTo("raw = " + REAL_PARENT);

            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1), 16);
            assertThat(program.ask("glibc")).as("the main thread loads the table").isEqualTo("glibc = 7");
            // the second thread's answer and its next read are patched calls that no rule names
            assertThat(program.ask("other ping")).isEqualTo("pong");
            assertThat(program.ask("other raw")).as("its raw call, caught by SUD").isEqualTo("raw = 7");
        }
    }

    @Test
    void aQuietCallInAHandlerThatInterruptsTheDispatchOfACaughtCallLeavesItsSignalCallsItsOwn() throws IOException {
        Path rules = dir.resolve("getppid.rules");
        RuleTable.compile(List.of(Fault.parse("getppid:error=EPERM:signal=USR1"))).write(rules);

        ProgramRun.Result run = ProgramRun.of(NativeBuild.program("handler_in_caught_call").toString()).in(dir)
                .env("SYSFAULT_CACHE_DIR", "").env("SYSFAULT_RULES", rules.toString())
                .preload(NativeBuild.preload()).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).isEqualTo("getppid = -1, SIGUSR1 handled 1, SIGUSR2 blocked after the call: no\n");
    }

    @Test
    void aHookLibraryLoadedAfterTheCallsWentQuietAnswersTheNextCall() throws IOException {
        try (Conversation program = new Conversation(callsOnRequest())) {
            program.quietCalls();

            assertThat(program.ask("dlopen " + NativeBuild.hook("getppid_enotsup"))).isEqualTo("dlopen ok");
            assertThat(program.ask("raw")).isEqualTo("raw = -95");
            assertThat(program.ask("glibc")).isEqualTo("glibc = -95");
        }
    }

    @Test
    void aTraceOfAChosenSetRecordsItsCallsAndOnlyThem() throws IOException {
        // getppid (110) is bit 46 of the set's second 64-bit word; the program's reads and writes are not in it
        Path file = TraceFile.create(dir.resolve("run.trace"), TraceOptions.syscalls("getppid"));
        SyscallTrace trace = SyscallTrace.open(file);

        try (Conversation program = new Conversation(callsOnRequest().env("SYSFAULT_TRACE", file.toString()))) {
            program.quietCalls();
        }
        assertThat(trace.stream().map(e -> e.name()).toList()).hasSize(10).containsOnly("getppid");
    }
}
