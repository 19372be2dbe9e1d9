// The rule table's layout, checksum and checks, and reading counters from a running program's file.
package dev.sysfault.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleTableTest {

    private static final List<Fault> TWO = List.of(Fault.on("getdents64").fail(Errno.ENOTSUP),
            Fault.on("write").fdPath("*.log").shortenTo(1));

    @Test
    void headerFactsRulesPoolAndCountersAreWhereTheDocSays() {
        byte[] bytes = RuleTable.compile(TWO).bytes();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 7, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SFRULES");
        assertThat(bytes[7]).isZero();
        assertThat(b.getShort(8)).isEqualTo((short) 1);
        assertThat(b.getShort(10)).isEqualTo((short) 64);
        assertThat(b.getShort(12)).isEqualTo((short) 160);
        assertThat(b.getInt(16)).isEqualTo(2);
        assertThat(b.getInt(20)).isEqualTo(6); // "*.log" and its NUL
        assertThat(b.getLong(24)).isEqualTo(4096);
        assertThat(bytes).hasSize(4096 + 32);
        assertThat(bytes[64 + 257]).isEqualTo((byte) 0b10); // openat: path in argument 1
        assertThat(bytes[576 + 0]).isEqualTo((byte) 2); // read: count in argument 2
        assertThat(bytes[576 + 257]).isEqualTo((byte) 0xff);
        assertThat(bytes[576 + 511]).isEqualTo((byte) 0xff); // numbers the table does not know
        assertThat(bytes[1088 + 217 / 8]).isEqualTo((byte) (1 << (217 % 8)));
        assertThat(b.getInt(1088 + 64)).isEqualTo(Rule.FAIL);
        assertThat(b.getInt(1088 + 68)).isEqualTo(95);
        assertThat(b.getInt(1088 + 160 + 64)).isEqualTo(Rule.SHORTEN_TO | Rule.FD_PATH);
        assertThat(new String(bytes, 1088 + 320, 5, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("*.log");
        assertThat(b.getLong(32)).isEqualTo(RuleTable.checksum(bytes, 1088 + 320 + 6));
    }

    @Test
    void theChecksumIsFnv1a64WithItsFieldAsZero() {
        assertThat(RuleTable.checksum(new byte[0], 0)).isEqualTo(0xcbf29ce484222325L);
        assertThat(RuleTable.checksum("a".getBytes(), 1)).isEqualTo(0xaf63dc4c8601ec8cL);
    }

    @Test
    void anEmptyTableIsOnePageWithoutCounters() {
        RuleTable empty = RuleTable.compile(List.of());
        assertThat(empty.bytes()).hasSize(4096);
        assertThat(empty.dump()).isEqualTo("rule table v1: 0 rules\n");
    }

    @Test
    void readRefusesWhatTheLibraryRefusesNamingTheOffset() {
        byte[] good = RuleTable.compile(TWO).bytes();
        assertThat(RuleTable.dump(good)).startsWith("rule table v1: 2 rules\n");
        assertThat(problem(good, 0, (byte) 'X')).isEqualTo("invalid: at offset 0: the magic is not SFRULES\n");
        assertThat(problem(good, 8, (byte) 2)).isEqualTo("invalid: at offset 8: version 2, expected 1\n");
        assertThat(problem(good, 1088 + 70, (byte) 1)).isEqualTo("invalid: at offset 32: the checksum does not match\n");
        assertThat(RuleTable.dump(java.util.Arrays.copyOf(good, 100)))
                .isEqualTo("invalid: at offset 0: the file has 100 bytes, fewer than a header and the syscall facts (1088)\n");
        assertThat(RuleTable.dump(java.util.Arrays.copyOf(good, good.length + 1)))
                .startsWith("invalid: at offset 0: the file has 4129 bytes, its header says 4128");
        assertThat(RuleTable.dump(java.util.Arrays.copyOf(good, 8192))).startsWith("rule table v1");
        assertThat(resealed(good, 1088 + 64, Rule.FAIL | Rule.RETVAL))
                .isEqualTo("invalid: at offset 1152: two result actions are set\n");
        assertThat(resealed(good, 1088 + 64, Rule.PATH))
                .isEqualTo("invalid: at offset 1152: the rule has no action\n");
        assertThat(resealed(good, 1088 + 64, Rule.FAIL | Rule.PATH))
                .isEqualTo("invalid: at offset 1115: PATH is set and syscall 217 has no path argument\n");
        assertThat(resealed(good, 1088 + 64, 1 << 14 | Rule.FAIL))
                .isEqualTo("invalid: at offset 1152: flag bits 0x4000 are not defined\n");
        assertThat(resealed(good, 1088 + 64, Rule.BLACKHOLE))
                .isEqualTo("invalid: at offset 1115: BLACKHOLE is set and syscall 217 has no peer to wait for\n");
        assertThat(resealed(good, 1088 + 100, 0)).isEqualTo("invalid: at offset 1188: when_first is 0\n");
        assertThat(resealed(good, 1088 + 160 + 132, 99))
                .isEqualTo("invalid: at offset 1380: string offset 99 is outside the pool of 6 bytes\n");
    }

    @Test
    void stringsBeyondTheLibrarysLimitAreRefusedWhenCompiling() {
        String glob = "/data/" + "x".repeat(4000) + "/*";
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            faults.add(Fault.on("openat").path(glob + i).fail(Errno.EIO));
        }
        assertThatThrownBy(() -> RuleTable.compile(faults)).isInstanceOf(FaultSpecException.class)
                .hasMessage("the faults' path, fdPath and command strings take 1203490 bytes together (each with "
                        + "a NUL); a rule table holds at most 1048576 (1 MiB): use fewer or shorter globs, or one "
                        + "glob that matches several paths");
        // 260 of them (1043010 bytes) fit: the limit is on the pool, not on any one string.
        assertThat(RuleTable.compile(faults.subList(0, 260)).rules()).hasSize(260);
    }

    @Test
    void readRefusesAPoolOrAFileBeyondTheLibrarysLimit() {
        byte[] good = RuleTable.compile(TWO).bytes();
        ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).putInt(20, (1 << 20) + 1);
        assertThat(RuleTable.dump(good))
                .isEqualTo("invalid: at offset 20: strings_size 1048577 is more than 1048576 (1 MiB)\n");
        assertThat(RuleTable.dump(new byte[(2 << 20) + 4096]))
                .isEqualTo("invalid: at offset 0: the file has 2101248 bytes; a rule table is at most 2097152 (2 MiB)\n");
    }

    @Test
    void countersAreReadWhileTheFileIsShared(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules");
        RuleTable.compile(TWO).write(file);
        assertThat(RuleCounters.read(file).rules()).containsExactly(new RuleCounters.Counter(0, 0),
                new RuleCounters.Counter(0, 0));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.map(FileChannel.MapMode.READ_WRITE, 4096, 32).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(16, 7).putLong(24, 3);
        }
        RuleCounters counters = RuleCounters.read(file);
        assertThat(counters.matched(1)).isEqualTo(7);
        assertThat(counters.fired(1)).isEqualTo(3);
        assertThat(counters.matched(0)).isZero();
    }

    private static String problem(byte[] good, int offset, byte value) {
        byte[] bad = good.clone();
        bad[offset] = value;
        return RuleTable.dump(bad);
    }

    /** Changes a 32-bit field and fixes the checksum, so the check after it is the one that fails. */
    private static String resealed(byte[] good, int offset, int value) {
        byte[] bad = good.clone();
        ByteBuffer b = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(offset, value);
        b.putLong(32, RuleTable.checksum(bad, 1088 + 320 + b.getInt(20)));
        return RuleTable.dump(bad);
    }
}
