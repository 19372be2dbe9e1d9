// The control file (docs/control-file.md) as a program meets it: a bad one stops it at start-up, a bad table is said and skipped, threads swap under load.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file's 64 bytes are written here by hand, from the document, so that this checks the C side against the
 * document rather than against the launcher's writer. {@code control_api} prints what getppid returns: -1 while
 * the table of {@code SYSFAULT_RULES} (getppid fails with EPERM) is in force.
 */
class ControlFileTest {

    @TempDir
    Path dir;

    private static byte[] controlFile(String magic, int version, long generation) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic.getBytes(StandardCharsets.US_ASCII), 0, 8).putShort(8, (short) version).putLong(16, generation);
        return b.array();
    }

    private ProgramRun.Result getppidUnder(byte[] control) throws IOException {
        Path rules = dir.resolve("start.rules");
        RuleTable.compile(List.of(Fault.on("getppid").fail(Errno.EPERM))).write(rules);
        Files.write(dir.resolve("control"), control);
        return ProgramRun.of(NativeBuild.program("control_api").toString(), "getppid").in(dir)
                .env("SYSFAULT_CACHE_DIR", "").env("SYSFAULT_RULES", rules.toString())
                .env("SYSFAULT_CONTROL", dir.resolve("control").toString()).preload(NativeBuild.preload()).run();
    }

    @Test
    void aFileThatIsNoControlFileStopsTheProgramBeforeMain() throws IOException {
        ProgramRun.Result run = getppidUnder(controlFile("SFRULES\0", 1, 0));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(86);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).as(run.describe()).contains("sysfault: control file ").contains(
                "/control: magic is not \"SFCTRL\" and two zero bytes; not a sysfault control file");
    }

    @Test
    void aControlFileOfAnotherVersionStopsTheProgramBeforeMain() throws IOException {
        ProgramRun.Result run = getppidUnder(controlFile("SFCTRL\0\0", 2, 0));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(86);
        assertThat(run.stderr()).as(run.describe()).contains("/control: version is not 1, the one this library reads");
    }

    @Test
    void aGenerationWhoseTableIsMissingIsReportedOnceAndTheRulesInForceStay() throws IOException {
        ProgramRun.Result run = getppidUnder(controlFile("SFCTRL\0\0", 1, 3));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).isEqualTo("getppid = -1\n");
        assertThat(run.stderr().lines()).as(run.describe()).singleElement().asString()
                .startsWith("sysfault: [pid ").contains("] rule table " + dir.resolve("rules-3")
                        + " not armed, the rules in force stay: cannot open it for reading and writing (errno 2)");
    }

    @Test
    void aGenerationWhoseTableFailsItsChecksIsReportedInTheChecksWords() throws IOException {
        Path table = dir.resolve("rules-1");
        RuleTable.compile(List.of(Fault.on("getppid").returnValue(7))).write(table);
        byte[] bytes = Files.readAllBytes(table);
        bytes[70] ^= 1; // in the path_args block, covered by the checksum
        Files.write(table, bytes);

        ProgramRun.Result run = getppidUnder(controlFile("SFCTRL\0\0", 1, 1));

        assertThat(run.stdout()).as(run.describe()).isEqualTo("getppid = -1\n");
        assertThat(run.stderr()).as(run.describe()).contains("rule table " + table
                + " not armed, the rules in force stay: header (offset 32): checksum is 0x");
    }

    @Test
    void threadsThatCallWithoutPauseWhileTablesAreSwappedSeeNothingButTheTablesAnswers() throws Exception {
        Path seven = dir.resolve("seven.rules");
        Path nine = dir.resolve("nine.rules");
        RuleTable.compile(List.of(Fault.on("getppid").returnValue(7))).write(seven);
        RuleTable.compile(List.of(Fault.on("getppid").returnValue(9))).write(nine);
        int generations = 400;
        for (int g = 1; g <= generations; g++) {
            Files.createLink(dir.resolve("rules-" + g), g % 2 == 1 ? seven : nine);
        }
        Path control = dir.resolve("control");
        Files.write(control, controlFile("SFCTRL\0\0", 1, 0));
        Process program = ProgramRun.of(NativeBuild.program("getppid_threads").toString()).in(dir)
                .env("SYSFAULT_CACHE_DIR", "").env("SYSFAULT_CONTROL", control.toString())
                .preload(NativeBuild.preload()).start();
        try (FileChannel channel = FileChannel.open(control, StandardOpenOption.READ, StandardOpenOption.WRITE);
                BufferedReader out = new BufferedReader(
                        new InputStreamReader(program.getInputStream(), StandardCharsets.US_ASCII))) {
            assertThat(out.readLine()).isEqualTo("running");
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, 64);
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            for (int g = 1; g <= generations; g++) {
                mapped.putLong(16, g); // the threads swap tables under one another's feet
            }
            program.getOutputStream().close();
            List<String> lines = out.lines().toList();
            assertThat(program.waitFor(120, TimeUnit.SECONDS)).as("the program ended").isTrue();
            assertThat(program.exitValue()).as(String.join("\n", lines)).isZero();
            long realParent = ProcessHandle.current().pid();
            assertThat(lines).last().as("after the last swap, to a table of nine").isEqualTo("after 9");
            assertThat(lines.subList(0, lines.size() - 1)).as("no result but the tables' and the real one")
                    .isSubsetOf("seen 7", "seen 9", "seen " + realParent).isNotEmpty();
        } finally {
            program.destroyForcibly();
        }
    }

    @Test
    void aGenerationWhoseTableIsSoundReplacesTheStartTable() throws IOException {
        RuleTable.compile(List.of(Fault.on("getppid").returnValue(7))).write(dir.resolve("rules-1"));

        ProgramRun.Result run = getppidUnder(controlFile("SFCTRL\0\0", 1, 1));

        assertThat(run.stdout()).as(run.describe()).isEqualTo("getppid = 7\n");
        assertThat(run.stderr()).isEmpty();
    }
}
