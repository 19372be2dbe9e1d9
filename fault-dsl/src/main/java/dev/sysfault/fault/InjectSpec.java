// Parses strace's --inject SPEC (SET:key=value:...) with sysfault's extra keys into a Fault.
package dev.sysfault.fault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code SET[:error=E][:retval=N][:signal=S][:delay_enter=T][:delay_exit=T][:when=W]} as strace reads
 * it, plus {@code path=GLOB}, {@code fd_path=GLOB}, {@code short=N|P%|F}, {@code probability=P},
 * {@code seed=N}, {@code times=N}, {@code command=NAME}, {@code arg=I,OP,VALUE}. Values cannot contain
 * a colon. Times: a plain number is microseconds; s, ms, us and ns suffixes as in strace.
 */
final class InjectSpec {

    static final String FORM = "SET:key=value:..., as in getdents64:error=ENOTSUP:when=2+";

    private final String spec;
    private int position;

    private InjectSpec(String spec) {
        this.spec = spec;
    }

    static Fault parse(String spec) {
        if (spec == null || spec.isEmpty() || spec.startsWith(":")) {
            throw new FaultSpecException("SPEC \"" + spec + "\" names no syscall: write " + FORM);
        }
        return new InjectSpec(spec).parse();
    }

    private Fault parse() {
        String[] parts = spec.split(":", -1);
        Fault fault;
        try {
            fault = Fault.on(0).withCalls(SyscallSet.parse(parts[0]));
        } catch (FaultSpecException e) {
            throw error("syscall set \"" + parts[0] + "\"", 0, e.getMessage());
        }
        position = parts[0].length() + 1;
        Set<String> seen = new HashSet<>();
        Double probability = null;
        Long seed = null;
        int seedAt = 0;
        boolean action = false;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            int valueAt = position + key.length() + 1;
            if (eq < 0 || key.isEmpty()) {
                throw error("\"" + part + "\"", position, "every part after the syscalls is key=value: " + FORM);
            }
            if (!seen.add(key)) {
                throw error("key " + key, position, key + "= is given twice; give it once");
            }
            try {
                switch (key) {
                    case "error" -> { fault = fault.fail(errno(value)); action = true; }
                    case "retval" -> { fault = fault.returnValue(retval(value)); action = true; }
                    case "signal" -> { fault = fault.signal(value); action = true; }
                    case "delay_enter" -> { fault = fault.delay(duration(value)); action = true; }
                    case "delay_exit" -> { fault = fault.delayAfter(duration(value)); action = true; }
                    case "short" -> { fault = shorten(fault, value); action = true; }
                    case "when" -> fault = fault.withWhen(when(value));
                    case "path" -> fault = fault.path(value);
                    case "fd_path" -> fault = fault.fdPath(value);
                    case "command" -> fault = fault.onlyInCommand(value);
                    case "times" -> fault = fault.times(integer(value, "times=1"));
                    case "arg" -> fault = arg(fault, value);
                    case "probability" -> probability = probability(value);
                    case "seed" -> { seed = Long.parseUnsignedLong(value); seedAt = valueAt; }
                    case "poke_enter", "poke_exit", "syscall" -> throw new FaultSpecException(key
                            + "= is strace's, sysfault does not do it; use retval= or error=");
                    default -> throw new FaultSpecException("unknown key; the keys are error, retval, signal,"
                            + " delay_enter, delay_exit, when, path, fd_path, short, probability, seed, times,"
                            + " command, arg");
                }
            } catch (NumberFormatException e) {
                throw error("value \"" + value + "\" of " + key + "=", valueAt, "not a number; " + example(key));
            } catch (FaultSpecException e) {
                boolean unknownKey = e.getMessage().startsWith("unknown key");
                throw error(unknownKey ? "key " + key : "value \"" + value + "\" of " + key + "=",
                        unknownKey ? position : valueAt, e.getMessage());
            }
            position += part.length() + 1;
        }
        if (seed != null && probability == null) {
            throw error("seed=", seedAt, "seed= goes with probability=; write probability=0.1:seed=" + seed);
        }
        if (probability != null) {
            fault = fault.probability(probability, seed == null ? 0 : seed);
        }
        if (!action) {
            throw error("SPEC", 0, "no action: add error=EIO, retval=0, short=1, signal=SIGUSR1, delay_enter=100ms"
                    + " or delay_exit=100ms, as in " + parts[0] + ":error=EIO");
        }
        return fault;
    }

    private FaultSpecException error(String what, int at, String message) {
        return new FaultSpecException("in SPEC \"" + spec + "\", " + what + " at position " + at + ": " + message);
    }

    private static String example(String key) {
        return switch (key) {
            case "retval" -> "write retval=0 or retval=-1";
            case "seed" -> "write seed=42";
            case "probability" -> "write probability=0.25 or probability=25%";
            default -> "write " + key + "=1";
        };
    }

    private static int errno(String value) {
        if (!value.isEmpty() && Character.isDigit(value.charAt(0))) {
            int n = Integer.parseInt(value);
            if (n < 1 || n > 4095) {
                throw new FaultSpecException("errno " + n + " is out of range: write 1..4095 or a name like EIO");
            }
            return n;
        }
        return ErrnoTable.find(value).map(ErrnoTable.Entry::number).orElseThrow(() -> new FaultSpecException(
                "unknown errno: did you mean " + String.join(", ", ErrnoTable.closest(value, 3))
                        + "? Write a name like EIO or a number 1..4095"));
    }

    /** strtoull(value, 0): decimal, 0x hex or 0 octal; a leading minus wraps as in C. */
    private static long retval(String value) {
        boolean minus = value.startsWith("-");
        String v = minus ? value.substring(1) : value;
        long n;
        if (v.startsWith("0x") || v.startsWith("0X")) {
            n = Long.parseUnsignedLong(v.substring(2), 16);
        } else if (v.length() > 1 && v.startsWith("0")) {
            n = Long.parseUnsignedLong(v.substring(1), 8);
        } else {
            n = Long.parseUnsignedLong(v);
        }
        return minus ? -n : n;
    }

    /** strace's delay: a number (fractions allowed) with an optional s, ms, us or ns suffix; plain is microseconds. */
    static Duration duration(String value) {
        String number = value.replaceFirst("(s|ms|us|ns)$", "");
        String unit = value.substring(number.length());
        long nanosPerUnit = switch (unit) {
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "ns" -> 1L;
            default -> 1_000L;
        };
        BigDecimal n;
        try {
            n = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new FaultSpecException("not a time: write 100ms, 2s, 500us, 500 (microseconds) or 1.5s");
        }
        if (n.signum() < 0) {
            throw new FaultSpecException("a delay cannot be negative: write 100ms");
        }
        BigDecimal nanos = n.multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new FaultSpecException("a delay this long does not fit: write at most 4294s");
        }
        return Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.CEILING).longValueExact());
    }

    /** strace's when=: F, F+, F+S, F..L, F..L+, F..L+S. */
    static When when(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(?:\\.\\.(\\d+))?(\\+(\\d*))?")
                .matcher(value);
        if (!m.matches()) {
            throw new FaultSpecException("write when=F, F+, F+S, F..L or F..L+S, as in when=2+ or when=3..5");
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? (m.group(3) == null ? first : 0) : Integer.parseInt(m.group(2));
        int step = m.group(4) == null || m.group(4).isEmpty() ? 1 : Integer.parseInt(m.group(4));
        return new When(first, last, step);
    }

    private static int integer(String value, String example) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new FaultSpecException("not a number; write " + example);
        }
    }

    private static Fault shorten(Fault fault, String value) {
        if (value.endsWith("%")) {
            return fault.shortenToFraction(Double.parseDouble(value.substring(0, value.length() - 1)) / 100);
        }
        if (value.contains(".")) {
            return fault.shortenToFraction(Double.parseDouble(value));
        }
        return fault.shortenTo(Long.parseLong(value));
    }

    private static double probability(String value) {
        double p = value.endsWith("%") ? Double.parseDouble(value.substring(0, value.length() - 1)) / 100
                : Double.parseDouble(value);
        if (!(p >= 0 && p <= 1)) {
            throw new FaultSpecException("probability " + value + " is outside 0..1; write 0.25 or 25%");
        }
        return p;
    }

    private static Fault arg(Fault fault, String value) {
        String[] f = value.split(",", -1);
        if (f.length != 3 || ArgOp.fromWord(f[1]).isEmpty()) {
            throw new FaultSpecException("write arg=INDEX,OP,VALUE with OP one of eq ne all any none,"
                    + " as in arg=2,any,0x40");
        }
        return fault.arg(integer(f[0], "arg=2,any,0x40"), ArgOp.fromWord(f[1]).get(), retval(f[2]));
    }
}
