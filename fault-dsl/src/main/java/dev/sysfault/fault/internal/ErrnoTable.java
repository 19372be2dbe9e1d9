// The errno table (generated from <errno.h> and strerror()), loaded once.
package dev.sysfault.fault.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Errno names, numbers and the text strace prints after them: {@code ENOENT (No such file or directory)}. */
public final class ErrnoTable {

    /** One name; an alias ({@code ENOTSUP}) names the kernel's name for its number in {@code aliasOf}. */
    public record Entry(int number, String name, Optional<String> aliasOf, String description) {

        /** As strace prints it: {@code ENOTSUP (Operation not supported)}. */
        @Override
        public String toString() {
            return name + " (" + description + ")";
        }
    }

    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();
    private static final Map<Integer, Entry> BY_NUMBER = new TreeMap<>();

    static {
        for (String[] row : TableFile.rows("errnos.tsv")) {
            Entry e = new Entry(Integer.parseInt(row[0]), row[1],
                    row[2].equals("-") ? Optional.empty() : Optional.of(row[2]), row[3]);
            BY_NAME.put(e.name(), e);
            if (e.aliasOf().isEmpty()) {
                BY_NUMBER.putIfAbsent(e.number(), e);
            }
        }
    }

    private ErrnoTable() {
    }

    /** The entry for a name, which strace matches without regard to case. */
    public static Optional<Entry> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toUpperCase(Locale.ROOT)));
    }

    /** The kernel's name for a number ({@code EOPNOTSUPP} for 95). */
    public static Optional<Entry> byNumber(int number) {
        return Optional.ofNullable(BY_NUMBER.get(number));
    }

    public static Entry byName(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(name + " is not in errnos.tsv"));
    }

    /** Up to {@code max} errno names closest to {@code name}, for "did you mean". */
    public static List<String> closest(String name, int max) {
        return ClosestNames.of(name, BY_NAME.keySet(), max);
    }

    public static java.util.Set<String> names() {
        return BY_NAME.keySet();
    }
}
