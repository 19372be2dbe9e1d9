// How often each rule matched and fired, read from a rule table file's shared counters region.
package dev.sysfault.fault;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** A snapshot of the per-rule counters; read it again for newer values while the program runs. */
public record RuleCounters(List<Counter> rules) {

    /** Calls the rule took ({@code matched}) and the ones it acted on ({@code fired}), over all processes. */
    public record Counter(long matched, long fired) {
    }

    public RuleCounters {
        rules = List.copyOf(rules);
    }

    public static RuleCounters read(Path rulesFile) throws IOException {
        try (FileChannel channel = FileChannel.open(rulesFile, StandardOpenOption.READ)) {
            MappedByteBuffer header = channel.map(FileChannel.MapMode.READ_ONLY, 0, RuleTable.HEADER_SIZE);
            header.order(ByteOrder.LITTLE_ENDIAN);
            int count = header.getInt(16);
            long offset = header.getLong(24);
            if (count < 0 || count > RuleTable.MAX_RULES
                    || channel.size() < offset + (long) RuleTable.COUNTERS_SIZE * count) {
                throw new InvalidRuleTableException(rulesFile + " is not a rule table with its counters");
            }
            MappedByteBuffer counters = channel.map(FileChannel.MapMode.READ_ONLY, offset,
                    (long) RuleTable.COUNTERS_SIZE * count);
            counters.order(ByteOrder.LITTLE_ENDIAN);
            List<Counter> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(new Counter(counters.getLong(16 * i), counters.getLong(16 * i + 8)));
            }
            return new RuleCounters(list);
        }
    }

    public long matched(int rule) {
        return rules.get(rule).matched();
    }

    public long fired(int rule) {
        return rules.get(rule).fired();
    }
}
