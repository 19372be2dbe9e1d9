// The arguments of `sysfault run`, checked completely (every SPEC parsed) before anything runs.
package dev.sysfault.cli;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.FaultSpecException;
import dev.sysfault.fault.internal.UserInput;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code [--inject SPEC]... [--trace FILE|-] [--summary] [--timeout DURATION] [--] COMMAND [ARGS...]}.
 * Options may also be written {@code --inject=SPEC}; the first argument after {@code --}, or the first
 * that does not start with {@code -}, is the command, and everything after it is the command's.
 *
 * @param trace where the strace-like lines go: empty for nowhere, {@code -} for stderr, else a file
 */
record RunOptions(List<Fault> faults, Optional<String> trace, boolean summary, Optional<Duration> timeout,
        List<String> command) {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");

    RunOptions {
        faults = List.copyOf(faults);
        command = List.copyOf(command);
    }

    boolean records() {
        return trace.isPresent() || summary;
    }

    static RunOptions parse(List<String> args) throws UsageException {
        List<Fault> faults = new ArrayList<>();
        Optional<String> trace = Optional.empty();
        boolean summary = false;
        Optional<Duration> timeout = Optional.empty();
        OptionScanner options = new OptionScanner(args);
        for (Optional<OptionScanner.Option> next = options.next(); next.isPresent(); next = options.next()) {
            OptionScanner.Option option = next.get();
            String name = option.name();
            switch (name) {
                case "--summary" -> {
                    if (option.inlineValue().isPresent()) {
                        throw new UsageException("--summary takes no value: write --summary");
                    }
                    summary = true;
                    continue;
                }
                case "--inject", "--trace", "--timeout" -> {
                    // handled below, with their value
                }
                default -> throw new UsageException("unknown option " + UserInput.plain(name)
                        + " for run; the options are --inject SPEC, --trace FILE|-, --summary, --timeout DURATION"
                        + " (see sysfault --help)");
            }
            String value = options.value(option, RunOptions::example);
            switch (name) {
                case "--inject" -> faults.add(fault(value));
                case "--trace" -> {
                    if (trace.isPresent()) {
                        throw new UsageException("--trace is given twice; give it once (- for stderr or a file)");
                    }
                    if (value.isEmpty()) {
                        throw new UsageException("--trace needs a file, or - for stderr: " + example(name));
                    }
                    trace = Optional.of(value);
                }
                default -> {
                    if (timeout.isPresent()) {
                        throw new UsageException("--timeout is given twice; give it once");
                    }
                    timeout = Optional.of(duration(value));
                }
            }
        }
        List<String> command = options.command("run", "sysfault run [options] -- COMMAND [ARGS...]",
                "sysfault run --inject getdents64:error=ENOTSUP -- ls", "sysfault run -- ls");
        return new RunOptions(faults, trace, summary, timeout, command);
    }

    /** A SPEC as strace's {@code --inject} reads it; a mistake keeps the parser's one-line message. */
    private static Fault fault(String spec) throws UsageException {
        try {
            return Fault.parse(spec);
        } catch (FaultSpecException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1.5s}: a whole number of milliseconds, the resolution the
     * timeout keeps (and reports: "after 300ms"), at least 1ms.
     */
    static Duration duration(String value) throws UsageException {
        Matcher m = DURATION.matcher(value);
        String shown = "--timeout " + UserInput.plain(value);
        if (!m.matches()) {
            throw new UsageException(shown + " is not a duration: write 10s, 500ms or 2m");
        }
        long nanosPerUnit = switch (m.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> 60_000_000_000L;
        };
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.signum() == 0) {
            throw new UsageException(shown + " would stop the command at once: write 10s");
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new UsageException(shown + " is too long: write at most 150000m");
        }
        BigInteger[] millis = nanos.toBigInteger().divideAndRemainder(BigInteger.valueOf(1_000_000));
        if (millis[0].signum() == 0) {
            throw new UsageException(shown + " is shorter than 1ms, the shortest timeout sysfault keeps: write 1ms"
                    + " or more");
        }
        if (millis[1].signum() != 0 || nanos.stripTrailingZeros().scale() > 0) {
            throw new UsageException(shown + " has a fraction of a millisecond, the resolution sysfault keeps: write "
                    + millis[0] + "ms or " + millis[0].add(BigInteger.ONE) + "ms");
        }
        return Duration.ofMillis(millis[0].longValueExact());
    }

    private static String example(String option) {
        return switch (option) {
            case "--inject" -> "--inject getdents64:error=ENOTSUP";
            case "--trace" -> "--trace - (stderr) or --trace run.trace";
            default -> "--timeout 10s (units ms, s, m)";
        };
    }
}
