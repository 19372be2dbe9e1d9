// Makes SPECs for the fuzzer from a seed: mostly almost right, the way people and scripts get them wrong.
package dev.sysfault.fault;

import java.util.List;
import java.util.Random;

/**
 * A SPEC built from real syscall sets, keys and values, then bent: a value from another key, a digit of
 * another script, a number with 25 digits or an exponent of ten, a character that means something to the
 * parser (: = , . + - % e), a control character, a long run of one character. The same seed makes the same SPECs.
 */
final class SpecGenerator {

    private static final List<String> SETS = List.of("read", "write", "openat", "getdents64", "0", "1", "511", "%file",
            "%network", "%%stat", "/^(read|write)$", "/(", "all", "none", "!read", "?nosuch", "open", "read,write",
            "!!write", "%desc", "?read,0", "");
    private static final List<String> KEYS = List.of("error", "retval", "signal", "delay_enter", "delay_exit", "when",
            "path", "fd_path", "short", "probability", "seed", "times", "command", "arg", "poke_enter", "colour");
    /** A value each of the first keys takes, in KEYS' order. */
    private static final List<String> GOOD = List.of("EIO", "-1", "SIGUSR1", "1ms", "250us", "2+", "/tmp/*", "*.log",
            "50%", "0.5", "42", "3", "sh", "1,all,0x40");
    private static final List<String> VALUES = List.of("EIO", "ENOTSUP", "5", "4095", "4096", "0", "-1", "0x10", "017",
            "SIGUSR1", "USR2", "SIGRTMIN+2", "9", "100ms", "1.5s", "500", "10ns", "1e-3s", "2+", "3..5", "1..9+2",
            "/data/**", "*.log", "50%", "0.25", "1", "42", "2,any,0x40", "0,eq,-1", "git", "1e-2147483647",
            "99999999999999999999", "\u0663", "\uff17", "0x", "1e", ".", "%", "", "1..", "+", "0.0000000001s");
    private static final String SPECIAL = ":=,.+-%eExX0123456789!?/*\\ \n\r\t\0\u2028\u0085\u0663\uff10\u00e9\ud83d\ude00";

    private SpecGenerator() {
    }

    static String spec(Random random) {
        StringBuilder s = new StringBuilder(pick(random, SETS));
        int parts = random.nextInt(5);
        for (int i = 0; i < parts; i++) {
            int key = random.nextInt(KEYS.size());
            s.append(':').append(KEYS.get(key)).append('=')
                    .append(random.nextBoolean() && key < GOOD.size() ? GOOD.get(key) : value(random));
        }
        return random.nextInt(3) == 0 ? s.toString() : bend(random, s.toString());
    }

    static String value(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> "9".repeat(1 + random.nextInt(30));
            case 2 -> random.nextInt(10) + "e" + (random.nextBoolean() ? "-" : "") + random.nextInt(Integer.MAX_VALUE);
            default -> pick(random, VALUES);
        };
    }

    /** Some SPECs as they are, the others with a few characters inserted, deleted or repeated. */
    private static String bend(Random random, String spec) {
        StringBuilder s = new StringBuilder(spec);
        int changes = random.nextInt(4);
        for (int i = 0; i < changes; i++) {
            int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
            switch (random.nextInt(4)) {
                case 0 -> s.insert(at, SPECIAL.charAt(random.nextInt(SPECIAL.length())));
                case 1 -> {
                    if (at < s.length()) {
                        s.deleteCharAt(at);
                    }
                }
                case 2 -> s.insert(at, String.valueOf(SPECIAL.charAt(random.nextInt(SPECIAL.length())))
                        .repeat(random.nextInt(random.nextInt(10) == 0 ? 20_000 : 50)));
                default -> s.insert(at, (char) random.nextInt(0x3000));
            }
        }
        return s.toString();
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
