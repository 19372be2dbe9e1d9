// The command-line fuzzer: generated argument lists, each answered with status 0, 1 or 2 and at most one short line on stderr.
package dev.sysfault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.internal.UserInput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Main.execute in this JVM, with a budget of cases rather than of time (so every machine does the same work and
 * a failure names the seed and case that repeat it; {@code -Dsysfault.fuzz.cases=N -Dsysfault.fuzz.seed=S} for
 * more). Nothing is run: an argument list that {@link RunOptions#parse} accepts would start its command, so
 * those are only parsed; every other list goes through {@code execute} as the launcher would pass it.
 */
class ArgumentsFuzzTest {

    /** The longest line sysfault may answer a mistake with, whatever the arguments' size. */
    static final int MAX_MESSAGE = 700;

    private static final long SEED = Long.getLong("sysfault.fuzz.seed", 20261207L);
    private static final int CASES = Integer.getInteger("sysfault.fuzz.cases", 10_000);

    private static final List<String> WORDS = List.of("run", "syscalls", "errnos", "--help", "-h", "help", "--inject",
            "--trace", "--timeout", "--summary", "--summary=1", "--", "-", "", "--inject=", "--timeout=", "--trace=",
            "--verbose", "read:error=EIO", "getdents64:error=ENOTSUPP", "write:retval=\u0663", "10s", "500ms", "2m",
            "1.5s", "0.0000000001s", "1.5ms", "0s", "10", "99999999999999999999m", "1e3s", "\uff11s", "%file", "%net",
            "%nosuch", "ENOT", "4095", "\u0663", "read:delay_enter=1e-2147483647", "read:error=99999999999999999999",
            "ls", "true", "x\ny", "\u2028", "--inject=read:when=\u0663:error=EIO", "explore", "--syscalls", "--errnos",
            "--mode", "--budget", "--seed", "--json", "once", "both", "from-then-on", "EIO,short", "fsync,%file",
            "--budget=0", "-1", "--seed=\u0663");
    private static final String SPECIAL = ":=,.+-%eE0123456789!?/*\\ \n\r\t\0\u2028\u0085\u0663\uff10";

    @Test
    void everyArgumentListGetsStatus012AndAtMostOneShortLine() {
        Random random = new Random(SEED);
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            List<String> args = arguments(random);
            String which = "case " + i + " of seed " + SEED + ", arguments " + shown(args);
            if (wouldRunACommand(args)) {
                continue;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status;
            try {
                status = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(which + " threw " + e, e);
            }
            String stderr = err.toString(StandardCharsets.UTF_8);
            assertThat(status).as(which).isIn(0, 1, Main.USAGE);
            if (status == Main.USAGE) {
                refused++;
                assertThat(stderr).as(which).startsWith("sysfault: ").endsWith("\n")
                        .hasSizeLessThanOrEqualTo(MAX_MESSAGE);
                assertThat(stderr.substring(0, stderr.length() - 1)).as(which)
                        .doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085", "\0");
            } else {
                assertThat(stderr).as(which).isEmpty();
            }
        }
        assertThat(refused).as("argument lists refused").isGreaterThan(CASES / 10);
    }

    /**
     * As Main.execute decides: {@code run} or {@code explore} with valid options and a command, and no --help right
     * after it.
     */
    private static boolean wouldRunACommand(List<String> args) {
        if (args.isEmpty() || !List.of("run", "explore").contains(args.get(0))) {
            return false;
        }
        List<String> rest = args.subList(1, args.size());
        if (!rest.isEmpty() && List.of("--help", "-h").contains(rest.get(0))) {
            return false;
        }
        try {
            if (args.get(0).equals("run")) {
                RunOptions.parse(rest);
            } else {
                ExploreOptions.parse(rest);
            }
            return true;
        } catch (UsageException e) {
            return false;
        }
    }

    private static List<String> arguments(Random random) {
        List<String> args = new ArrayList<>();
        int n = random.nextInt(7);
        for (int i = 0; i < n; i++) {
            String word = WORDS.get(random.nextInt(WORDS.size()));
            if (random.nextInt(4) == 0) {
                word = bend(random, word);
            }
            args.add(word);
        }
        return args;
    }

    private static String bend(Random random, String word) {
        StringBuilder s = new StringBuilder(word);
        int at = random.nextInt(s.length() + 1);
        char c = SPECIAL.charAt(random.nextInt(SPECIAL.length()));
        s.insert(at, String.valueOf(c).repeat(random.nextInt(10) == 0 ? 50_000 : 1 + random.nextInt(3)));
        return s.toString();
    }

    private static String shown(List<String> args) {
        return args.stream().map(UserInput::quote).toList().toString();
    }
}
