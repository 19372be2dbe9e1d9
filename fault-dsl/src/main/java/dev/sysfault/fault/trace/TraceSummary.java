// Counts per syscall, like strace -c: calls, errors and injected faults, with a total.
package dev.sysfault.fault.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code strace -c} for a trace, without its time columns: events carry when a call returned, not how long
 * it took, so there is no time to add up. Rows are sorted by calls, most first, then by name.
 */
public record TraceSummary(List<Row> rows, Row total) {

    /** One syscall's counts; {@code errors} are calls that returned -1, {@code injected} the ones a rule fired for. */
    public record Row(String syscall, long calls, long errors, long injected) {
    }

    private static final String RULE = "--------- --------- --------- ----------------";

    public TraceSummary {
        rows = List.copyOf(rows);
    }

    public static TraceSummary of(Collection<SyscallEvent> events) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (SyscallEvent e : events) {
            long[] c = counts.computeIfAbsent(e.name(), n -> new long[3]);
            c[0]++;
            c[1] += e.failed() ? 1 : 0;
            c[2] += e.injected() ? 1 : 0;
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((name, c) -> rows.add(new Row(name, c[0], c[1], c[2])));
        rows.sort(Comparator.comparingLong(Row::calls).reversed().thenComparing(Row::syscall));
        return new TraceSummary(rows, new Row("total", rows.stream().mapToLong(Row::calls).sum(),
                rows.stream().mapToLong(Row::errors).sum(), rows.stream().mapToLong(Row::injected).sum()));
    }

    /** The row for {@code syscall}, or one of zeros. */
    public Row row(String syscall) {
        return rows.stream().filter(r -> r.syscall().equals(syscall)).findFirst()
                .orElse(new Row(syscall, 0, 0, 0));
    }

    /** The table, as strace -c lays it out: zero errors and injected left blank; each line ends in a newline. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format("%9s %9s %9s %s\n", "calls", "errors", "injected", "syscall"));
        s.append(RULE).append('\n');
        rows.forEach(r -> s.append(line(r)));
        s.append(RULE).append('\n');
        return s.append(line(total)).toString();
    }

    private static String line(Row r) {
        return String.format("%9d %9s %9s %s\n", r.calls(), blankIfZero(r.errors()), blankIfZero(r.injected()),
                r.syscall());
    }

    private static String blankIfZero(long n) {
        return n == 0 ? "" : Long.toString(n);
    }
}
