// Reads rule table bytes back into rules, checking everything docs/rule-table.md says the library checks.
package dev.sysfault.fault;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

final class RuleTableReader {

    private RuleTableReader() {
    }

    static List<Rule> read(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        check(bytes.length <= RuleTable.MAX_FILE_SIZE, 0, "the file has " + bytes.length
                + " bytes; a rule table is at most " + RuleTable.MAX_FILE_SIZE + " (2 MiB)");
        check(bytes.length >= RuleTable.FIRST_RULE_OFFSET, 0, "the file has " + bytes.length
                + " bytes, fewer than a header and the syscall facts (" + RuleTable.FIRST_RULE_OFFSET + ")");
        check(Arrays.equals(Arrays.copyOf(bytes, 8), RuleTable.MAGIC), 0, "the magic is not SFRULES");
        check(b.getShort(8) == RuleTable.VERSION, 8, "version " + b.getShort(8) + ", expected 1");
        check(b.getShort(10) == RuleTable.HEADER_SIZE, 10, "header_size " + b.getShort(10) + ", expected 64");
        check(b.getShort(12) == RuleTable.RULE_SIZE, 12, "rule_size " + b.getShort(12) + ", expected 160");
        check(b.getShort(14) == 0, 14, "a reserved field is not zero");
        long count = Integer.toUnsignedLong(b.getInt(16));
        check(count <= RuleTable.MAX_RULES, 16, "rule_count " + count + " is more than 4096");
        long poolSize = Integer.toUnsignedLong(b.getInt(20));
        check(poolSize <= RuleTable.MAX_STRINGS, 20, "strings_size " + poolSize + " is more than "
                + RuleTable.MAX_STRINGS + " (1 MiB)");
        long poolOffset = RuleTable.FIRST_RULE_OFFSET + RuleTable.RULE_SIZE * count;
        long poolEnd = poolOffset + poolSize;
        long counters = b.getLong(24);
        check(counters % RuleTable.PAGE == 0, 24, "counters_offset " + counters + " is not a multiple of 4096");
        check(counters >= poolEnd, 24, "counters_offset " + counters + " overlaps the string pool, which ends at "
                + poolEnd);
        long length = counters + RuleTable.COUNTERS_SIZE * count;
        long rounded = (length + RuleTable.PAGE - 1) / RuleTable.PAGE * RuleTable.PAGE;
        check(bytes.length == length || bytes.length == rounded, 0, "the file has " + bytes.length
                + " bytes, its header says " + length);
        for (int i = 40; i < 64; i++) {
            check(bytes[i] == 0, i, "a reserved field is not zero");
        }
        check(b.getLong(RuleTable.CHECKSUM_OFFSET) == RuleTable.checksum(bytes, (int) poolEnd),
                RuleTable.CHECKSUM_OFFSET, "the checksum does not match");
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rules.add(rule(b, bytes, RuleTable.FIRST_RULE_OFFSET + RuleTable.RULE_SIZE * i, (int) poolOffset,
                    (int) poolSize));
        }
        return rules;
    }

    private static Rule rule(ByteBuffer b, byte[] bytes, int at, int pool, int poolSize) {
        Set<Integer> syscalls = new TreeSet<>();
        for (int nr = 0; nr < SyscallTable.MAX_SYSCALLS; nr++) {
            if ((bytes[at + nr / 8] & 1 << (nr % 8)) != 0) {
                syscalls.add(nr);
            }
        }
        int flags = b.getInt(at + 64);
        check((flags & ~Rule.KNOWN) == 0, at + 64, "flag bits 0x" + Integer.toHexString(flags & ~Rule.KNOWN)
                + " are not defined");
        check(Integer.bitCount(flags & Rule.RESULTS) <= 1, at + 64, "two result actions are set");
        check((flags & Rule.ACTIONS) != 0, at + 64, "the rule has no action");
        check(!syscalls.isEmpty(), at, "the rule applies to no syscall");
        for (int nr : syscalls) {
            check((flags & Rule.PATH) == 0 || bytes[RuleTable.PATH_ARGS_OFFSET + nr] != 0, at + nr / 8,
                    "PATH is set and syscall " + nr + " has no path argument");
            check((flags & (Rule.SHORTEN_TO | Rule.SHORTEN_FRACTION)) == 0
                    || (bytes[RuleTable.COUNT_ARG_OFFSET + nr] & 0xff) != 0xff, at + nr / 8,
                    "SHORTEN is set and syscall " + nr + " has no byte count");
            check((flags & Rule.BLACKHOLE) == 0 || SyscallTable.byNumber(nr)
                    .filter(c -> Fault.BLACKHOLE_CALLS.contains(c.name())).isPresent(), at + nr / 8,
                    "BLACKHOLE is set and syscall " + nr + " has no peer to wait for");
        }
        int error = b.getInt(at + 68);
        int signal = b.getInt(at + 88);
        long first = Integer.toUnsignedLong(b.getInt(at + 100));
        long last = Integer.toUnsignedLong(b.getInt(at + 104));
        long step = Integer.toUnsignedLong(b.getInt(at + 108));
        int argIndex = bytes[at + 140] & 0xff;
        int argOp = bytes[at + 141] & 0xff;
        check((flags & Rule.FAIL) == 0 || error >= 1 && error <= 4095, at + 68, "error " + error
                + " is out of range");
        check((flags & Rule.SIGNAL) == 0 || signal >= 1 && signal <= 64, at + 88, "signal " + signal
                + " is out of range");
        check(first >= 1, at + 100, "when_first is 0");
        check(last == 0 || last >= first, at + 104, "when_last " + last + " is before when_first " + first);
        check(step >= 1, at + 108, "when_step is 0");
        check(argIndex <= 5, at + 140, "arg_index " + argIndex + " is out of range");
        check(argOp <= 4, at + 141, "arg_op " + argOp + " is out of range");
        check(b.getShort(at + 142) == 0 && b.getLong(at + 152) == 0, at + 142, "a reserved field is not zero");
        return new Rule(syscalls, flags, error, b.getLong(at + 72), b.getLong(at + 80), signal,
                Integer.toUnsignedLong(b.getInt(at + 92)), Integer.toUnsignedLong(b.getInt(at + 96)), first, last,
                step, Integer.toUnsignedLong(b.getInt(at + 112)), Integer.toUnsignedLong(b.getInt(at + 116)),
                b.getLong(at + 120), string(b, bytes, flags, Rule.PATH, at + 128, pool, poolSize),
                string(b, bytes, flags, Rule.FD_PATH, at + 132, pool, poolSize),
                string(b, bytes, flags, Rule.COMMAND, at + 136, pool, poolSize), argIndex, argOp,
                b.getLong(at + 144));
    }

    private static String string(ByteBuffer b, byte[] bytes, int flags, int flag, int field, int pool, int poolSize) {
        int offset = b.getInt(field);
        if ((flags & flag) == 0) {
            return null;
        }
        check(offset >= 0 && offset < poolSize, field, "string offset " + Integer.toUnsignedString(offset)
                + " is outside the pool of " + poolSize + " bytes");
        int end = pool + offset;
        while (end < pool + poolSize && bytes[end] != 0) {
            end++;
        }
        check(end < pool + poolSize, field, "the string at pool offset " + offset + " has no NUL inside the pool");
        return new String(bytes, pool + offset, end - pool - offset, StandardCharsets.UTF_8);
    }

    private static void check(boolean ok, long offset, String problem) {
        if (!ok) {
            throw new InvalidRuleTableException("at offset " + offset + ": " + problem);
        }
    }
}
