// The rule table: faults compiled to the bytes libsysfault.so reads (docs/rule-table.md), and read back.
package dev.sysfault.fault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A compiled rule table (format version 1): {@link #compile}, {@link #bytes}, {@link #write}, {@link #read}, {@link #dump}. */
public final class RuleTable {

    static final byte[] MAGIC = {'S', 'F', 'R', 'U', 'L', 'E', 'S', 0};
    static final int VERSION = 1;
    static final int HEADER_SIZE = 64;
    static final int RULE_SIZE = 160;
    static final int MAX_RULES = 4096;
    /** The string pool's limit, and the whole file's (docs/rule-table.md): the library refuses anything larger. */
    static final int MAX_STRINGS = 1 << 20;
    static final int MAX_FILE_SIZE = 2 << 20;
    static final int PATH_ARGS_OFFSET = 64;
    static final int COUNT_ARG_OFFSET = PATH_ARGS_OFFSET + SyscallTable.MAX_SYSCALLS;
    static final int FIRST_RULE_OFFSET = COUNT_ARG_OFFSET + SyscallTable.MAX_SYSCALLS;
    static final int CHECKSUM_OFFSET = 32;
    static final int PAGE = 4096;
    static final int COUNTERS_SIZE = 16;

    private final List<Rule> rules;
    private final byte[] bytes;

    private RuleTable(List<Rule> rules, byte[] bytes) {
        this.rules = List.copyOf(rules);
        this.bytes = bytes;
    }

    /** Compiles faults, first match first; a fault without an action, or too many faults, is refused. */
    public static RuleTable compile(List<Fault> faults) {
        if (faults.size() > MAX_RULES) {
            throw new FaultSpecException(faults.size() + " faults: a rule table holds at most " + MAX_RULES);
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            try {
                rules.add(faults.get(i).toRule());
            } catch (FaultSpecException e) {
                throw new FaultSpecException("fault " + i + ": " + e.getMessage());
            }
        }
        return new RuleTable(rules, encode(rules));
    }

    /** Reads and checks a table as the library does; a bad one is refused with the problem and its offset. */
    public static RuleTable read(byte[] bytes) {
        return new RuleTable(RuleTableReader.read(bytes), bytes.clone());
    }

    /** The text dump of docs/rule-table.md, or {@code invalid: <why>} for bytes that fail the checks. */
    public static String dump(byte[] bytes) {
        try {
            return read(bytes).dump();
        } catch (InvalidRuleTableException e) {
            return "invalid: " + e.getMessage() + "\n";
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The file's bytes: header, syscall facts, rules, string pool, zeroed counters. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Writes the file that {@code SYSFAULT_RULES} names. */
    public void write(Path file) throws IOException {
        Files.write(file, bytes);
    }

    /** The text dump: {@code rule table v1: N rules}, then one line per rule; each line ends in a newline. */
    public String dump() {
        StringBuilder s = new StringBuilder("rule table v1: " + rules.size() + " rules\n");
        for (int i = 0; i < rules.size(); i++) {
            s.append("rule ").append(i).append(": ").append(rules.get(i).dump()).append('\n');
        }
        return s.toString();
    }

    private static byte[] encode(List<Rule> rules) {
        Map<String, Integer> pool = new LinkedHashMap<>();
        int poolSize = 0;
        for (Rule r : rules) {
            for (String s : r.strings()) {
                if (!pool.containsKey(s)) {
                    pool.put(s, poolSize);
                    poolSize += s.getBytes(StandardCharsets.UTF_8).length + 1;
                }
            }
        }
        if (poolSize > MAX_STRINGS) {
            throw new FaultSpecException("the faults' path, fdPath and command strings take " + poolSize
                    + " bytes together (each with a NUL); a rule table holds at most " + MAX_STRINGS
                    + " (1 MiB): use fewer or shorter globs, or one glob that matches several paths");
        }
        int poolOffset = FIRST_RULE_OFFSET + RULE_SIZE * rules.size();
        long countersOffset = ((long) poolOffset + poolSize + PAGE - 1) / PAGE * PAGE;
        ByteBuffer b = ByteBuffer.allocate((int) countersOffset + COUNTERS_SIZE * rules.size())
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) VERSION).putShort((short) HEADER_SIZE).putShort((short) RULE_SIZE)
                .putShort((short) 0).putInt(rules.size()).putInt(poolSize).putLong(countersOffset);
        for (Syscall s : SyscallTable.all()) {
            b.put(PATH_ARGS_OFFSET + s.number(), (byte) s.pathArgs());
        }
        for (int nr = 0; nr < SyscallTable.MAX_SYSCALLS; nr++) {
            int count = SyscallTable.byNumber(nr).map(Syscall::countArg).orElse(-1);
            b.put(COUNT_ARG_OFFSET + nr, (byte) (count < 0 ? 0xff : count));
        }
        for (int i = 0; i < rules.size(); i++) {
            putRule(b, FIRST_RULE_OFFSET + RULE_SIZE * i, rules.get(i), pool);
        }
        b.position(poolOffset);
        for (String s : pool.keySet()) {
            b.put(s.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
        }
        byte[] bytes = b.array();
        b.putLong(CHECKSUM_OFFSET, checksum(bytes, poolOffset + poolSize));
        return bytes;
    }

    private static void putRule(ByteBuffer b, int at, Rule r, Map<String, Integer> pool) {
        for (int nr : r.syscalls()) {
            b.put(at + nr / 8, (byte) (b.get(at + nr / 8) | 1 << (nr % 8)));
        }
        b.putInt(at + 64, r.flags()).putInt(at + 68, r.error()).putLong(at + 72, r.retval())
                .putLong(at + 80, r.shorten()).putInt(at + 88, r.signal()).putInt(at + 92, (int) r.delayEnterUs())
                .putInt(at + 96, (int) r.delayExitUs()).putInt(at + 100, (int) r.whenFirst())
                .putInt(at + 104, (int) r.whenLast()).putInt(at + 108, (int) r.whenStep())
                .putInt(at + 112, (int) r.times()).putInt(at + 116, (int) r.probability()).putLong(at + 120, r.seed())
                .putInt(at + 128, r.pathGlob() == null ? 0 : pool.get(r.pathGlob()))
                .putInt(at + 132, r.fdPathGlob() == null ? 0 : pool.get(r.fdPathGlob()))
                .putInt(at + 136, r.command() == null ? 0 : pool.get(r.command()))
                .put(at + 140, (byte) r.argIndex()).put(at + 141, (byte) r.argOp()).putLong(at + 144, r.argValue());
    }

    /** FNV-1a 64 over bytes [0, end) with the checksum field taken as zero. */
    static long checksum(byte[] bytes, int end) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < end; i++) {
            int v = i >= CHECKSUM_OFFSET && i < CHECKSUM_OFFSET + 8 ? 0 : bytes[i] & 0xff;
            h = (h ^ v) * 0x100000001b3L;
        }
        return h;
    }
}
