// The C side of the rule table: golden tables dump as fault-dsl says, broken tables are refused with exact messages.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rules_dump} runs the library's own check ({@code rule_table_check}) and prints
 * docs/rule-table.md's text dump. Golden tables come from fault-dsl; broken tables are made here
 * from a valid one that {@link TableWriter} builds by hand from the document.
 */
class RuleTableCheckTest {

    private static final Path GOLDEN = Path.of(System.getProperty("sysfault.source.dir", "."))
            .toAbsolutePath().resolveSibling("fault-dsl").resolve("src/test/resources/golden").normalize();

    private static final int FAIL = 1, RETVAL = 1 << 1, SHORTEN_TO = 1 << 2, SIGNAL = 1 << 4,
            PATH = 1 << 7, FD_PATH = 1 << 8, ARG = 1 << 9, COMMAND = 1 << 10;
    private static final int RULE0 = 1088, RULE1 = 1248, RULE2 = 1408, POOL = 1568;

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyGoldenTableDumpsExactlyAsItsDumpFile() throws IOException {
        List<Path> tables = List.of();
        if (Files.isDirectory(GOLDEN)) {
            try (Stream<Path> files = Files.list(GOLDEN)) {
                tables = files.filter(p -> p.toString().endsWith(".rules")).sorted().toList();
            }
        }
        if (tables.isEmpty()) {
            // A dynamic test, so that the report shows it skipped (an aborted factory shows nothing).
            return Stream.of(DynamicTest.dynamicTest("golden tables", () -> assumeTrue(false,
                    "no golden rule tables yet: fault-dsl writes NAME.rules and NAME.dump to " + GOLDEN)));
        }
        return tables.stream().map(t -> DynamicTest.dynamicTest(t.getFileName().toString(), () -> {
            Path dump = GOLDEN.resolve(t.getFileName().toString().replaceFirst("\\.rules$", ".dump"));
            assertThat(dump).as("the dump fault-dsl wrote next to %s", t).exists();
            byte[] expected = Files.readAllBytes(dump);
            ProgramRun.Result run = dump(t);
            assertThat(run.stdout()).as(run.describe()).isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(run.stdoutBytes()).as("byte for byte").isEqualTo(expected);
            assertThat(run.exitCode()).as(run.describe())
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8).startsWith("invalid: ") ? 1 : 0);
        }));
    }

    @Test
    void theHandBuiltTableDumpsEveryField() throws IOException {
        ProgramRun.Result run = dump(write(valid()));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).isEqualTo("""
                rule table v1: 3 rules
                rule 0: syscalls=217 fail=95 when=1..inf+1
                rule 1: syscalls=2,257 retval=-1 signal=10 path="/data/\\"wal\\"\\\\**" arg=2,any,0x241 when=3..5+1
                rule 2: syscalls=0,1 shorten_to=1 fd_path="*.log" command="java" when=2..inf+3 times=2
                """);
    }

    @Test
    void aFileRoundedUpToAWholePageIsAccepted() throws IOException {
        ProgramRun.Result run = dump(write(Arrays.copyOf(valid().bytes(), 8192)));

        assertThat(run.exitCode()).as(run.describe()).isZero();
    }

    @TestFactory
    Stream<DynamicTest> everyBrokenTableIsRefusedNamingTheProblem() {
        byte[] good = valid().bytes();
        long stored = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong(32);
        byte[] tampered = good.clone();
        tampered[POOL + 1] = 'D';
        String checksum = String.format("header (offset 32): checksum is 0x%016x but bytes [0, 1594) hash to "
                + "0x%016x; the table was changed after it was written", stored, fnv1a(tampered, 1594));
        return Stream.of(
                broken("truncated inside the header", Arrays.copyOf(good, 10),
                        "file is 10 bytes, shorter than the 64-byte header"),
                broken("magic", edit(good, b -> b.put(0, (byte) 'X')),
                        "header (offset 0): magic is not \"SFRULES\" and a zero byte; not a sysfault rule table"),
                broken("version", edit(good, b -> b.putShort(8, (short) 2)),
                        "header (offset 8): version is 2; this library reads version 1"),
                broken("header_size", edit(good, b -> b.putShort(10, (short) 32)),
                        "header (offset 10): header_size is 32, not 64"),
                broken("rule_size", edit(good, b -> b.putShort(12, (short) 128)),
                        "header (offset 12): rule_size is 128, not 160"),
                broken("header reserved field", edit(good, b -> b.putShort(14, (short) 1)),
                        "header (offset 14): reserved field is 1, not 0"),
                broken("too many rules", edit(good, b -> b.putInt(16, 5000)),
                        "header (offset 16): rule_count is 5000; a table holds at most 4096 rules"),
                broken("string pool over 1 MiB", edit(good, b -> b.putInt(20, (1 << 20) + 1)),
                        "header (offset 20): strings_size is 1048577; a table's string pool holds at most "
                                + "1048576 bytes (1 MiB)"),
                broken("file over 2 MiB", Arrays.copyOf(good, (2 << 20) + 4096),
                        "file is 2101248 bytes; a rule table is at most 2097152 bytes (2 MiB: 4096 rules and a "
                                + "1048576-byte string pool)"),
                broken("counters_offset not page-aligned", edit(good, b -> b.putLong(24, 4000)),
                        "header (offset 24): counters_offset 4000 is not a multiple of 4096"),
                broken("counters overlap the pool", edit(good, b -> b.putLong(24, 0)),
                        "header (offset 24): counters_offset 0 overlaps the rules and string pool, which end at 1594"),
                broken("header reserved bytes", edit(good, b -> b.put(63, (byte) 1)),
                        "header (offset 40): reserved bytes are not 0"),
                broken("more rules than the file holds", edit(good, b -> b.putInt(16, 4)),
                        "file is 4144 bytes, shorter than its header says: counters_offset 4096 + 16 x 4 rules = 4160"),
                broken("truncated counters", Arrays.copyOf(good, 4140),
                        "file is 4140 bytes, shorter than its header says: counters_offset 4096 + 16 x 3 rules = 4144"),
                broken("trailing bytes", Arrays.copyOf(good, 5000),
                        "file is 5000 bytes, not a whole number of parts: its header says 4144 "
                                + "(or 8192, rounded up to 4096)"),
                broken("checksum", tampered, checksum),
                broken("count_arg", edit(good, b -> b.put(576 + 5, (byte) 7)),
                        "count_arg (offset 581): syscall 5 names argument 7; an argument index is 0..5, or 0xff for none"),
                broken("path_args", edit(good, b -> b.put(64 + 257, (byte) 0x42)),
                        "path_args (offset 321): syscall 257 has bits 0x42; arguments are bits 0..5"),
                broken("empty bitmap", edit(good, b -> b.put(RULE0 + 217 / 8, (byte) 0)),
                        "rule 0 (offset 1088): syscalls bitmap is empty; a rule applies to at least one syscall"),
                broken("unknown flag", edit(good, b -> b.putInt(RULE1 + 64, b.getInt(RULE1 + 64) | 1 << 14)),
                        "rule 1 (offset 1248): flags 0x4292 set unknown bits 0x4000; format version 1 knows 0x3fff"),
                broken("two results", edit(good, b -> b.putInt(RULE0 + 64, FAIL | RETVAL)),
                        "rule 0 (offset 1088): FAIL and RETVAL both set; a rule has at most one result action"),
                broken("no action", edit(good, b -> b.putInt(RULE0 + 64, 0)),
                        "rule 0 (offset 1088): no action set; a rule needs FAIL, RETVAL, SHORTEN_TO, "
                                + "SHORTEN_FRACTION, BLACKHOLE, PAUSE, SIGNAL, DELAY_ENTER or DELAY_EXIT"),
                broken("errno", edit(good, b -> b.putInt(RULE0 + 68, 4096)),
                        "rule 0 (offset 1088): error is 4096; FAIL takes an errno 1..4095"),
                broken("signal", edit(good, b -> b.putInt(RULE1 + 88, 65)),
                        "rule 1 (offset 1248): signal is 65; SIGNAL takes a signal number 1..64"),
                broken("when_first", edit(good, b -> b.putInt(RULE1 + 100, 0)),
                        "rule 1 (offset 1248): when_first is 0; calls are counted from 1"),
                broken("when_last", edit(good, b -> b.putInt(RULE1 + 104, 2)),
                        "rule 1 (offset 1248): when_last 2 is before when_first 3; when_last is 0 (no end) "
                                + "or at least when_first"),
                broken("when_step", edit(good, b -> b.putInt(RULE1 + 108, 0)),
                        "rule 1 (offset 1248): when_step is 0; the step is at least 1"),
                broken("string outside the pool", edit(good, b -> b.putInt(RULE1 + 128, 26)),
                        "rule 1 (offset 1248): path_glob is string offset 26, outside the 26-byte string pool"),
                broken("string without its NUL", edit(good, b -> b.put(POOL + 25, (byte) 'x')),
                        "rule 2 (offset 1408): command (string offset 21) has no NUL before the end of the "
                                + "26-byte string pool"),
                broken("arg_index", edit(good, b -> b.put(RULE1 + 140, (byte) 6)),
                        "rule 1 (offset 1248): arg_index is 6; ARG takes an argument index 0..5"),
                broken("arg_op", edit(good, b -> b.put(RULE1 + 141, (byte) 5)),
                        "rule 1 (offset 1248): arg_op is 5; ARG takes 0 (eq), 1 (ne), 2 (all), 3 (any) or 4 (none)"),
                broken("rule reserved field", edit(good, b -> b.put(RULE2 + 152, (byte) 1)),
                        "rule 2 (offset 1408): reserved field at rule offset 152 is not 0"),
                broken("PATH on a syscall without a path", edit(good, b -> b.put(RULE1, (byte) 1)),
                        "rule 1 (offset 1248): PATH set but syscall 0 has no path argument (its path_args is 0)"),
                broken("shortening a syscall without a count", edit(good, b -> b.put(RULE2 + 217 / 8, (byte) 2)),
                        "rule 2 (offset 1408): SHORTEN_TO set but syscall 217 has no byte count to shorten "
                                + "(its count_arg is 0xff)"),
                broken("a black hole for a syscall that waits for no peer",
                        edit(good, b -> b.putInt(RULE0 + 64, 1 << 12)),
                        "rule 0 (offset 1088): BLACKHOLE set but syscall 217 is none of connect, read, readv,"
                                + " recvfrom, recvmsg, poll, ppoll, select, pselect6, epoll_wait, epoll_pwait,"
                                + " epoll_pwait2"));
    }

    @Test
    void aProgramUnderABrokenTableExitsWith86BeforeMain() throws IOException {
        Path table = write(edit(valid().bytes(), b -> b.putInt(RULE0 + 64, FAIL | RETVAL)));

        ProgramRun.Result run = echoUnder(table);

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(86);
        assertThat(run.stdout()).as(run.describe()).isEmpty();
        assertThat(run.stderr()).as(run.describe()).isEqualTo("sysfault: rule table " + table
                + ": rule 0 (offset 1088): FAIL and RETVAL both set; a rule has at most one result action\n");
    }

    @Test
    void aProgramUnderAnOversizedTableExitsWith86WithoutReadingIt() throws IOException {
        Path table = write(valid());
        try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
            file.setLength(3L << 30);   // sparse: reading it would take seconds and 3 GiB
        }

        ProgramRun.Result run = echoUnder(table);

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(86);
        assertThat(run.stderr()).as(run.describe()).isEqualTo("sysfault: rule table " + table + ": file is "
                + (3L << 30) + " bytes; a rule table is at most 2097152 bytes (2 MiB: 4096 rules and a "
                + "1048576-byte string pool)\n");
    }

    /**
     * The race: one process rewrites rule_count in place (3, then 4096, and again) while
     * programs start under the table. Each start must either load the table it checked or refuse
     * it; reading rule_count again after the check made one start in six die of SIGSEGV.
     */
    @Test
    void aTableRewrittenWhileProgramsLoadItNeverCrashesThem() throws IOException, InterruptedException {
        Path table = write(valid());
        Process writer = new ProcessBuilder(NativeBuild.program("flip_u32").toString(), table.toString(), "16",
                "3", "4096").redirectErrorStream(true).start();
        List<ProgramRun.Result> refusedOrCrashed = new ArrayList<>();
        int loaded = 0;
        try {
            for (int i = 0; i < 600; i++) {
                ProgramRun.Result run = echoUnder(table);
                if (run.exitCode() == 0 && run.stdout().equals("hello\n")) {
                    loaded++;
                } else {
                    refusedOrCrashed.add(run);
                }
            }
        } finally {
            writer.destroyForcibly();
            writer.waitFor();
        }
        assertThat(refusedOrCrashed).as("%d starts loaded the table", loaded).allSatisfy(run -> {
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(86);
            assertThat(run.stderr()).as(run.describe()).startsWith("sysfault: rule table " + table + ": ");
        });
    }

    @Test
    void aLongTablePathIsShortenedInTheMiddleSoThatTheReasonShows() throws IOException {
        Path deep = dir;
        while (deep.toString().length() < 1000) {
            deep = deep.resolve("d".repeat(200));
        }
        Files.createDirectories(deep);
        Path table = Files.write(deep.resolve("broken.rules"), edit(valid().bytes(), b -> b.putInt(RULE0 + 64, FAIL | RETVAL)));

        ProgramRun.Result run = echoUnder(table);

        String path = table.toString();
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(86);
        assertThat(run.stderr()).as(run.describe()).isEqualTo("sysfault: rule table " + path.substring(0, 60) + "..."
                + path.substring(path.length() - 97)
                + ": rule 0 (offset 1088): FAIL and RETVAL both set; a rule has at most one result action\n");
    }

    @Test
    void aMissingTableIsRefusedToo() {
        Path table = dir.resolve("no-such.rules");

        ProgramRun.Result run = echoUnder(table);

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(86);
        assertThat(run.stdout()).as(run.describe()).isEmpty();
        assertThat(run.stderr()).as(run.describe()).isEqualTo("sysfault: rule table " + table
                + ": cannot open it for reading and writing: No such file or directory (errno 2)\n");
    }

    @Test
    void aProgramUnderAValidTableRuns() throws IOException {
        ProgramRun.Result run = echoUnder(write(valid()));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).as(run.describe()).isEqualTo("hello\n");
        assertThat(run.stderr()).as(run.describe()).isEmpty();
    }

    private ProgramRun.Result echoUnder(Path table) {
        return ProgramRun.of("echo", "hello").env("SYSFAULT_RULES", table.toString())
                .env("SYSFAULT_CACHE_DIR", "").preload(List.of(NativeBuild.library())).run();
    }

    private DynamicTest broken(String name, byte[] table, String message) {
        return DynamicTest.dynamicTest(name, () -> {
            ProgramRun.Result run = dump(write(table));
            assertThat(run.stdout()).as(run.describe()).isEqualTo("invalid: " + message + "\n");
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        });
    }

    private static ProgramRun.Result dump(Path table) {
        return ProgramRun.of(NativeBuild.program("rules_dump").toString(), table.toString()).run();
    }

    private Path write(TableWriter table) throws IOException {
        return write(table.bytes());
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "table-", ".rules"), bytes);
    }

    /** A copy of table changed by edit, with its checksum made right again. */
    private static byte[] edit(byte[] table, Consumer<ByteBuffer> edit) {
        byte[] copy = table.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        edit.accept(b);
        long count = Integer.toUnsignedLong(b.getInt(16));
        long poolEnd = 1088 + 160 * count + Integer.toUnsignedLong(b.getInt(20));
        if (poolEnd <= copy.length) {
            b.putLong(32, fnv1a(copy, (int) poolEnd));
        }
        return copy;
    }

    /** Three rules that use every string and most fields; path_args and count_arg for the syscalls they name. */
    private static TableWriter valid() {
        TableWriter t = new TableWriter();
        t.pathArgs[2] = 1;          // open: argument 0
        t.pathArgs[257] = 1 << 1;   // openat: argument 1
        t.countArg[0] = 2;          // read
        t.countArg[1] = 2;          // write
        t.rule(FAIL, 217).putInt(68, 95);
        ByteBuffer r1 = t.rule(RETVAL | SIGNAL | PATH | ARG, 2, 257);
        r1.putLong(72, -1).putInt(88, 10).putInt(100, 3).putInt(104, 5).putInt(128, t.string("/data/\"wal\"\\**"));
        r1.put(140, (byte) 2).put(141, (byte) 3).putLong(144, 0x241);
        ByteBuffer r2 = t.rule(SHORTEN_TO | FD_PATH | COMMAND, 0, 1);
        r2.putLong(80, 1).putInt(100, 2).putInt(108, 3).putInt(112, 2);
        r2.putInt(132, t.string("*.log")).putInt(136, t.string("java"));
        return t;
    }

    /** Writes the format of docs/rule-table.md, independently of fault-dsl's compiler. */
    private static final class TableWriter {
        final byte[] pathArgs = new byte[512];
        final byte[] countArg = new byte[512];
        private final List<ByteBuffer> rules = new ArrayList<>();
        private final ByteArrayOutputStream pool = new ByteArrayOutputStream();

        TableWriter() {
            Arrays.fill(countArg, (byte) 0xff);
        }

        int string(String s) {
            int offset = pool.size();
            pool.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            pool.write(0);
            return offset;
        }

        /** A rule with when=1..inf+1 on the given syscalls. */
        ByteBuffer rule(int flags, int... syscalls) {
            ByteBuffer r = ByteBuffer.allocate(160).order(ByteOrder.LITTLE_ENDIAN);
            for (int nr : syscalls) {
                r.put(nr / 8, (byte) (r.get(nr / 8) | 1 << (nr % 8)));
            }
            r.putInt(64, flags).putInt(100, 1).putInt(108, 1);
            rules.add(r);
            return r;
        }

        byte[] bytes() {
            int poolEnd = 1088 + 160 * rules.size() + pool.size();
            long countersOffset = (poolEnd + 4095) / 4096 * 4096L;
            ByteBuffer b = ByteBuffer.allocate((int) countersOffset + 16 * rules.size()).order(ByteOrder.LITTLE_ENDIAN);
            b.put("SFRULES\0".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1).putShort((short) 64)
                    .putShort((short) 160).putShort((short) 0).putInt(rules.size()).putInt(pool.size())
                    .putLong(countersOffset);
            b.position(64);
            b.put(pathArgs).put(countArg);
            rules.forEach(r -> b.put(r.array()));
            b.put(pool.toByteArray());
            b.putLong(32, fnv1a(b.array(), poolEnd));
            return b.array();
        }
    }

    /** FNV-1a 64 over bytes [0, end) with the checksum field [32, 40) taken as zero. */
    private static long fnv1a(byte[] bytes, int end) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < end; i++) {
            h ^= (i >= 32 && i < 40) ? 0 : bytes[i] & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
