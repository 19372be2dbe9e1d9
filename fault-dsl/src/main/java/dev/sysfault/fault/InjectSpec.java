// Parses strace's --inject SPEC (SET:key=value:...) with sysfault's extra keys into a Fault.
package dev.sysfault.fault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code SET[:error=E][:retval=N][:signal=S][:delay_enter=T][:delay_exit=T][:when=W]} as strace reads
 * it, plus {@code path=GLOB}, {@code fd_path=GLOB}, {@code short=N|P%|F}, {@code probability=P},
 * {@code seed=N}, {@code times=N}, {@code command=NAME}, {@code arg=I,OP,VALUE}, and {@code blackhole}, the one key
 * without a value. Values cannot contain
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
            throw new FaultSpecException("SPEC " + (spec == null ? "null" : UserInput.quote(spec))
                    + " names no syscall: write " + FORM);
        }
        return new InjectSpec(spec).parse();
    }

    private Fault parse() {
        String[] parts = spec.split(":", -1);
        Fault fault;
        try {
            fault = Fault.on(0).withCalls(SyscallSet.parse(parts[0]));
        } catch (FaultSpecException e) {
            throw error("syscall set " + UserInput.quote(parts[0]), 0, e.getMessage());
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
            if (key.equals("blackhole")) {
                // the one key without a value: there is nothing to say about a peer that never answers
                if (eq >= 0) {
                    throw error(UserInput.quote(part), position, "blackhole takes no value: write " + parts[0]
                            + ":blackhole");
                }
                if (!seen.add(key)) {
                    throw error("key " + UserInput.quote(key), position, "it is given twice; give it once");
                }
                try {
                    fault = fault.blackhole();
                } catch (FaultSpecException e) {
                    throw error("blackhole", position, e.getMessage().replace("blackhole()", "blackhole"));
                }
                action = true;
                position += part.length() + 1;
                continue;
            }
            if (eq < 0 || key.isEmpty()) {
                throw error(UserInput.quote(part), position, "every part after the syscalls is key=value: " + FORM);
            }
            if (!seen.add(key)) {
                throw error("key " + UserInput.quote(key), position, "it is given twice; give it once");
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
                    case "times" -> fault = fault.times(integer(value, "times", "times=1"));
                    case "arg" -> fault = arg(fault, value);
                    case "probability" -> probability = probability(value);
                    case "seed" -> {
                        seed = SpecNumber.decimal(value, -1L, "seed", "seed=42");
                        seedAt = valueAt;
                    }
                    case "poke_enter", "poke_exit", "syscall" -> throw new FaultSpecException(key
                            + "= is strace's, sysfault does not do it; use retval= or error=");
                    default -> throw new FaultSpecException("unknown key; the keys are error, retval, signal,"
                            + " delay_enter, delay_exit, blackhole, when, path, fd_path, short, probability, seed, times,"
                            + " command, arg");
                }
            } catch (FaultSpecException e) {
                boolean unknownKey = e.getMessage().startsWith("unknown key");
                throw error(unknownKey ? "key " + UserInput.quote(key) : "value " + UserInput.quote(value) + " of "
                        + key + "=", unknownKey ? position : valueAt, e.getMessage());
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
            throw error("SPEC", 0, "no action: add error=EIO, retval=0, short=1, blackhole, signal=SIGUSR1,"
                    + " delay_enter=100ms or delay_exit=100ms, as in " + (UserInput.quote(parts[0]).equals('"' + parts[0] + '"')
                            ? parts[0] : "read") + ":error=EIO");
        }
        return fault;
    }

    private FaultSpecException error(String what, int at, String message) {
        return new FaultSpecException("in SPEC " + UserInput.around(spec, at) + ", " + what + " at position " + at
                + ": " + message);
    }

    private static int errno(String value) {
        if (SpecNumber.looksNumeric(value)) {
            long n = SpecNumber.decimal(value, 4095, "errno", "error=5 or a name like error=EIO");
            if (n < 1 || n > 4095) {
                throw new FaultSpecException("errno " + n + " is out of range: write 1..4095 or a name like EIO");
            }
            return (int) n;
        }
        return ErrnoTable.find(value).map(ErrnoTable.Entry::number).orElseThrow(() -> new FaultSpecException(
                "unknown errno: did you mean " + String.join(", ", ErrnoTable.closest(value, 3))
                        + "? Write a name like EIO or a number 1..4095"));
    }

    /** strtoull(value, 0): decimal, 0x hex or 0 octal; a leading minus wraps as in C. */
    private static long retval(String value) {
        return SpecNumber.cInteger(value, "return value", "retval=0 or retval=-1");
    }

    /**
     * strace's delay: a number (fractions and exponents allowed) with an optional s, ms, us or ns suffix; plain is
     * microseconds. The rule table keeps microseconds: a delay between 0 and 1us is refused, not rounded.
     */
    static Duration duration(String value) {
        String number = value.replaceFirst("(s|ms|us|ns)$", "");
        String unit = value.substring(number.length());
        long nanosPerUnit = switch (unit) {
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "ns" -> 1L;
            default -> 1_000L;
        };
        if (number.startsWith("-")) {
            throw new FaultSpecException("a delay cannot be negative: write 100ms");
        }
        BigDecimal nanos = SpecNumber.fraction(number, "100ms, 2s, 500us, 500 (microseconds) or 1.5s")
                .multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new FaultSpecException("a delay this long does not fit: write at most 4294s");
        }
        if (nanos.signum() > 0 && nanos.compareTo(BigDecimal.valueOf(1000)) < 0) {
            throw new FaultSpecException("shorter than 1us, the shortest delay sysfault keeps: write 1us or more,"
                    + " or 0 for none");
        }
        return Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.CEILING).longValueExact());
    }

    /** strace's when=: F, F+, F+S, F..L, F..L+, F..L+S. */
    static When when(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+)(?:\\.\\.([0-9]+))?(\\+([0-9]*))?")
                .matcher(value);
        if (!m.matches()) {
            throw new FaultSpecException("write when=F, F+, F+S, F..L or F..L+S with the digits 0-9, as in when=2+"
                    + " or when=3..5");
        }
        int first = integer(m.group(1), "call number", "when=2+");
        int last = m.group(2) == null ? (m.group(3) == null ? first : 0) : integer(m.group(2), "call number", "when=3..5");
        int step = m.group(4) == null || m.group(4).isEmpty() ? 1 : integer(m.group(4), "step", "when=1+2");
        return new When(first, last, step);
    }

    private static int integer(String value, String what, String example) {
        return (int) SpecNumber.decimal(value, Integer.MAX_VALUE, what, example);
    }

    private static Fault shorten(Fault fault, String value) {
        String example = "short=1 (bytes), short=0.5 or short=50%";
        if (value.endsWith("%")) {
            return fault.shortenToFraction(percent(value, example).doubleValue());
        }
        if (value.contains(".")) {
            return fault.shortenToFraction(SpecNumber.fraction(value, example).doubleValue());
        }
        return fault.shortenTo(SpecNumber.decimal(value, Long.MAX_VALUE, "byte count", example));
    }

    private static double probability(String value) {
        String example = "probability=0.25 or probability=25%";
        BigDecimal p = value.endsWith("%") ? percent(value, example) : SpecNumber.fraction(value, example);
        if (p.compareTo(BigDecimal.ONE) > 0) {
            throw new FaultSpecException("outside 0..1; write 0.25 or 25%");
        }
        return p.doubleValue();
    }

    private static BigDecimal percent(String value, String example) {
        return SpecNumber.fraction(value.substring(0, value.length() - 1), example).movePointLeft(2);
    }

    private static Fault arg(Fault fault, String value) {
        String[] f = value.split(",", -1);
        if (f.length != 3 || ArgOp.fromWord(f[1]).isEmpty()) {
            throw new FaultSpecException("write arg=INDEX,OP,VALUE with OP one of eq ne all any none,"
                    + " as in arg=2,any,0x40");
        }
        return fault.arg(integer(f[0], "argument index", "arg=2,any,0x40"), ArgOp.fromWord(f[1]).get(),
                SpecNumber.cInteger(f[2], "argument value", "arg=2,any,0x40"));
    }
}
