// Reads a fault's settings written as text (a SPEC's values, an annotation's elements) into the DSL's typed values.
package dev.sysfault.fault;

import dev.sysfault.fault.internal.ErrnoTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each value is read once, into what the {@link Fault} method that takes it expects ({@code "2..5"} into a
 * {@link When}, {@code "200ms"} into a {@link Duration}), as JUnit's {@code TimeoutDurationParser} reads
 * {@code @Timeout}'s text. Values are written as strace writes them; a mistake is explained with the
 * {@link Vocabulary} the value was written in, and the caller says where it was (a SPEC's position, an annotation's
 * element).
 */
public final class SettingText {

    private static final Pattern WHEN = Pattern.compile("([0-9]+)(?:\\.\\.([0-9]+))?(\\+([0-9]*))?");

    private SettingText() {
    }

    /** An errno by name ({@code EIO}) or number (1..4095), for {@link Fault#fail(int)}. */
    public static int errno(String value, Vocabulary words) {
        if (SpecNumber.looksNumeric(value)) {
            long n = SpecNumber.decimal(value, 4095, "errno", words.write(Setting.ERRNO, "5") + " or a name like "
                    + words.write(Setting.ERRNO, "EIO"));
            if (n < 1 || n > 4095) {
                throw new FaultSpecException("errno " + n + " is out of range: write 1..4095 or a name like EIO");
            }
            return (int) n;
        }
        return ErrnoTable.find(value).map(ErrnoTable.Entry::number).orElseThrow(() -> new FaultSpecException(
                "unknown errno: did you mean " + String.join(", ", ErrnoTable.closest(value, 3))
                        + "? Write a name like EIO or a number 1..4095"));
    }

    /** strtoull(value, 0): decimal, 0x hex or 0 octal; a leading minus wraps as in C. For {@link Fault#returnValue}. */
    public static long retval(String value, Vocabulary words) {
        return SpecNumber.cInteger(value, "return value", words.write(Setting.RETVAL, "0") + " or "
                + words.write(Setting.RETVAL, "-1"));
    }

    /**
     * strace's delay: a number (fractions and exponents allowed) with an optional s, ms, us or ns suffix; plain is
     * microseconds. The rule table keeps microseconds up to 4294 s: a delay between 0 and 1us is refused, not
     * rounded. For {@link Fault#delay} and {@link Fault#delayAfter}.
     */
    public static Duration delay(String value, Setting which, Vocabulary words) {
        String number = value.replaceFirst("(s|ms|us|ns)$", "");
        String unit = value.substring(number.length());
        long nanosPerUnit = switch (unit) {
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "ns" -> 1L;
            default -> 1_000L;
        };
        if (number.startsWith("-")) {
            throw new FaultSpecException("a delay cannot be negative: write " + words.write(which, "100ms"));
        }
        BigDecimal nanos = SpecNumber.fraction(number, words.write(which, "100ms") + ", " + words.write(which, "2s")
                + ", " + words.write(which, "500us") + ", " + words.write(which, "500") + " (microseconds) or "
                + words.write(which, "1.5s")).multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(BigDecimal.valueOf(4294L * 1_000_000_000L)) > 0) {
            throw new FaultSpecException("a delay this long does not fit the rule table: write at most "
                    + words.write(which, "4294s"));
        }
        if (nanos.signum() > 0 && nanos.compareTo(BigDecimal.valueOf(1000)) < 0) {
            throw new FaultSpecException("shorter than 1us, the shortest delay sysfault keeps: write "
                    + words.write(which, "1us") + " or more, or " + words.write(which, "0") + " for none");
        }
        return Duration.ofNanos(nanos.setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /** strace's when=: F, F+, F+S, F..L, F..L+, F..L+S, counted from 1. For {@link Fault#when(When)}. */
    public static When when(String value, Vocabulary words) {
        Matcher m = WHEN.matcher(value);
        if (!m.matches()) {
            throw new FaultSpecException("write " + words.write(Setting.WHEN, "F") + ", F+, F+S, F..L or F..L+S with"
                    + " the digits 0-9, as in "
                    + words.write(Setting.WHEN, "2+") + " or " + words.write(Setting.WHEN, "3..5"));
        }
        int first = integer(m.group(1), "call number", words.write(Setting.WHEN, "2+"));
        int last = m.group(2) == null ? (m.group(3) == null ? first : 0)
                : integer(m.group(2), "call number", words.write(Setting.WHEN, "3..5"));
        int step = m.group(4) == null || m.group(4).isEmpty() ? 1
                : integer(m.group(4), "step", words.write(Setting.WHEN, "1+2"));
        if (first < 1) {
            throw new FaultSpecException("the first call is number 1, not 0; write " + words.write(Setting.WHEN, "1")
                    + " for the first call");
        }
        if (last != 0 && last < first) {
            throw new FaultSpecException("the last call must not come before the first; write "
                    + words.write(Setting.WHEN, last + ".." + first));
        }
        if (step < 1) {
            throw new FaultSpecException("the step must be 1 or more, not 0; write "
                    + words.write(Setting.WHEN, first + (last == 0 ? "" : ".." + last) + "+2") + " for every second call");
        }
        return new When(first, last, step);
    }

    /** A count 1.. for {@link Fault#times}. */
    public static int times(String value, Vocabulary words) {
        return integer(value, "times", words.write(Setting.TIMES, "1"));
    }

    /** A probability, 0..1 or a percentage: {@code 0.25}, {@code 25%}. For {@link Fault#probability}. */
    public static double probability(String value, Vocabulary words) {
        String example = words.write(Setting.PROBABILITY, "0.25") + " or " + words.write(Setting.PROBABILITY, "25%");
        BigDecimal p = value.endsWith("%") ? percent(value, example) : SpecNumber.fraction(value, example);
        if (p.compareTo(BigDecimal.ONE) > 0) {
            throw new FaultSpecException("outside 0..1; write " + example);
        }
        return p.doubleValue();
    }

    /** A seed 0..2^64-1, for {@link Fault#probability}. */
    public static long seed(String value, Vocabulary words) {
        return SpecNumber.decimal(value, -1L, "seed", words.write(Setting.SEED, "42"));
    }

    /**
     * strace-style short I/O: a byte count ({@code 1}) for {@link Fault#shortenTo}, or a fraction ({@code 0.5},
     * {@code 50%}) for {@link Fault#shortenToFraction}; {@code fault} with it applied.
     */
    public static Fault shorten(Fault fault, String value, Vocabulary words) {
        String example = words.write(Setting.SHORTEN, "1") + " (bytes), " + words.write(Setting.SHORTEN, "0.5") + " or "
                + words.write(Setting.SHORTEN, "50%");
        if (value.endsWith("%")) {
            return fault.shortenToFraction(percent(value, example).doubleValue());
        }
        if (value.contains(".")) {
            return fault.shortenToFraction(SpecNumber.fraction(value, example).doubleValue());
        }
        return fault.shortenTo(SpecNumber.decimal(value, Long.MAX_VALUE, "byte count", example));
    }

    private static int integer(String value, String what, String example) {
        return (int) SpecNumber.decimal(value, Integer.MAX_VALUE, what, example);
    }

    private static BigDecimal percent(String value, String example) {
        return SpecNumber.fraction(value.substring(0, value.length() - 1), example).movePointLeft(2);
    }
}
