// Numbers in a SPEC as strace reads them: ASCII digits only, and one that is too large is called that.
package dev.sysfault.fault;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java's {@code Integer.parseInt}, {@code Long.parseLong} and {@code BigDecimal} read Arabic-Indic, fullwidth
 * and other scripts' digits as numbers; strace's {@code strtoul} and {@code strtod} read 0-9 only, and so does
 * this. The messages say what is wrong with the value and how to write it; the caller names the key.
 */
final class SpecNumber {

    /** strace's delays go through strtod: 1.5, .5, 2e-3 (no sign; a delay is never negative). */
    private static final Pattern FRACTION = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE]([+-]?[0-9]+))?");

    /**
     * An exponent beyond this makes a value too large or too small for any key, so it is clamped here: a
     * BigDecimal with an exponent of two billion makes arithmetic throw or run out of memory.
     */
    private static final int MAX_EXPONENT = 1000;

    private SpecNumber() {
    }

    /** Whether {@code text} starts with a digit of any script: meant as a number, not as a name. */
    static boolean looksNumeric(String text) {
        return !text.isEmpty() && Character.isDigit(text.codePointAt(0));
    }

    /**
     * A decimal number 0..{@code max} (unsigned), ASCII digits only.
     *
     * @param what the number's name in "the largest ... is", as in "errno"
     * @param example a value to write instead, as in "error=5"
     */
    static long decimal(String text, long max, String what, String example) {
        requireDigits(text, "0123456789", example);
        String digits = withoutLeadingZeros(text);
        if (!fits64Bits(digits, 10) || Long.compareUnsigned(Long.parseUnsignedLong(digits), max) > 0) {
            throw tooLarge(what, Long.toUnsignedString(max));
        }
        return Long.parseUnsignedLong(digits);
    }

    /**
     * {@code strtoull(text, NULL, 0)}: decimal, {@code 0x} hex or {@code 0} octal, 64 bits; a leading minus
     * negates it as C does.
     */
    static long cInteger(String text, String what, String example) {
        boolean minus = text.startsWith("-");
        String v = minus ? text.substring(1) : text;
        int radix = 10;
        if (v.startsWith("0x") || v.startsWith("0X")) {
            radix = 16;
            v = v.substring(2);
        } else if (v.length() > 1 && v.startsWith("0")) {
            radix = 8;
        }
        requireDigits(v, "0123456789abcdefABCDEF".substring(0, radix == 16 ? 22 : radix), example);
        String digits = withoutLeadingZeros(v);
        if (!fits64Bits(digits, radix)) {
            throw tooLarge(what, "18446744073709551615 (0xffffffffffffffff)");
        }
        long n = Long.parseUnsignedLong(digits, radix);
        return minus ? -n : n;
    }

    /** A decimal fraction with an optional exponent, ASCII digits only, as strace's delays are read. */
    static BigDecimal fraction(String text, String example) {
        Matcher m = FRACTION.matcher(text);
        if (!m.matches()) {
            requireDigits(text, "0123456789.eE+-", example);
            throw notANumber(example);
        }
        BigDecimal mantissa = new BigDecimal(m.group(1));
        if (m.group(2) == null || mantissa.signum() == 0) {
            return mantissa;
        }
        String exponent = m.group(2).replaceFirst("^[+-]", "");
        boolean negative = m.group(2).startsWith("-");
        String digits = withoutLeadingZeros(exponent);
        int e = digits.length() > 4 ? MAX_EXPONENT : Math.min(MAX_EXPONENT, Integer.parseInt(digits));
        return mantissa.scaleByPowerOfTen(negative ? -e : e);
    }

    private static void requireDigits(String text, String digits, String example) {
        if (text.isEmpty()) {
            throw notANumber(example);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (digits.indexOf(c) < 0) {
                if (Character.isDigit(c)) {
                    throw new FaultSpecException("'" + c + "' is not one of the digits 0-9, the only ones strace and"
                            + " sysfault read; write " + example);
                }
                throw notANumber(example);
            }
        }
    }

    private static FaultSpecException notANumber(String example) {
        return new FaultSpecException("not a number; write " + example);
    }

    private static FaultSpecException tooLarge(String what, String max) {
        return new FaultSpecException("a number too large: the largest " + what + " is " + max);
    }

    private static String withoutLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    /** Whether checked digits without leading zeros are at most 2^64 - 1, decided on the text, however long. */
    private static boolean fits64Bits(String digits, int radix) {
        String max = Long.toUnsignedString(-1L, radix);
        return digits.length() < max.length()
                || (digits.length() == max.length() && digits.toLowerCase(java.util.Locale.ROOT).compareTo(max) <= 0);
    }
}
