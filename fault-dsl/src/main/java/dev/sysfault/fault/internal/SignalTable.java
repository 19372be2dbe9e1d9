// The signal table (generated from <signal.h>), loaded once.
package dev.sysfault.fault.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Signal names and numbers: SIGUSR1, SIGRTMIN+3, and strace's spellings without {@code SIG}. */
public final class SignalTable {

    /** The largest signal number Linux has (SIGRTMAX). */
    public static final int MAX_SIGNAL = 64;

    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();
    private static final Map<Integer, String> BY_NUMBER = new TreeMap<>();

    static {
        for (String[] row : TableFile.rows("signals.tsv")) {
            int number = Integer.parseInt(row[0]);
            BY_NAME.put(row[1], number);
            BY_NUMBER.putIfAbsent(number, row[1]);
        }
    }

    private SignalTable() {
    }

    /** {@code SIGUSR1}, {@code usr1}, {@code SIGRTMIN+2}: the number, whatever the case, with or without SIG. */
    public static Optional<Integer> find(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return Optional.ofNullable(BY_NAME.get(n.startsWith("SIG") ? n : "SIG" + n));
    }

    /** The first name the table gives a number, or {@code SIG<number>}. */
    public static String name(int number) {
        return BY_NUMBER.getOrDefault(number, "SIG" + number);
    }

    public static List<String> closest(String name, int max) {
        String n = name.toUpperCase(Locale.ROOT);
        return ClosestNames.of(n.startsWith("SIG") ? n : "SIG" + n, BY_NAME.keySet(), max);
    }
}
