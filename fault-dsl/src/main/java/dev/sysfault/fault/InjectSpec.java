// Parses strace's --inject SPEC (SET:key=value:...) with sysfault's extra keys into a Fault.
package dev.sysfault.fault;

import static dev.sysfault.fault.Vocabulary.SPEC;

import dev.sysfault.fault.internal.UserInput;
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
            fault = Fault.onSet(parts[0], SPEC);
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
            if (key.equals("blackhole") || key.equals("pause")) {
                // the keys without a value: there is nothing to say about a peer that never answers, or a pause
                if (eq >= 0) {
                    throw error(UserInput.quote(part), position, key + " takes no value: write " + parts[0]
                            + ":" + key);
                }
                if (!seen.add(key)) {
                    throw error("key " + UserInput.quote(key), position, "it is given twice; give it once");
                }
                try {
                    fault = key.equals("pause") ? fault.pauseForWatcher() : fault.blackhole();
                } catch (FaultSpecException e) {
                    throw error(key, position, e.getMessage().replace("blackhole()", "blackhole")
                            .replace("pauseForWatcher()", "pause"));
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
                    case "error" -> { fault = fault.fail(SettingText.errno(value, SPEC)); action = true; }
                    case "retval" -> { fault = fault.returnValue(SettingText.retval(value, SPEC)); action = true; }
                    case "signal" -> { fault = fault.signal(value); action = true; }
                    case "delay_enter" -> {
                        fault = fault.delay(SettingText.delay(value, Setting.DELAY, SPEC));
                        action = true;
                    }
                    case "delay_exit" -> {
                        fault = fault.delayAfter(SettingText.delay(value, Setting.DELAY_AFTER, SPEC));
                        action = true;
                    }
                    case "short" -> { fault = SettingText.shorten(fault, value, SPEC); action = true; }
                    case "when" -> fault = fault.when(SettingText.when(value, SPEC));
                    case "path" -> fault = fault.path(value);
                    case "fd_path" -> fault = fault.fdPath(value);
                    case "command" -> fault = fault.onlyInCommand(value);
                    case "times" -> fault = fault.times(SettingText.times(value, SPEC));
                    case "arg" -> fault = arg(fault, value);
                    case "probability" -> probability = SettingText.probability(value, SPEC);
                    case "seed" -> {
                        seed = SettingText.seed(value, SPEC);
                        seedAt = valueAt;
                    }
                    case "poke_enter", "poke_exit", "syscall" -> throw new FaultSpecException(key
                            + "= is strace's, sysfault does not do it; use retval= or error=");
                    default -> throw new FaultSpecException("unknown key; the keys are error, retval, signal,"
                            + " delay_enter, delay_exit, blackhole, pause, when, path, fd_path, short, probability, seed, times,"
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

    private static int integer(String value, String what, String example) {
        return (int) SpecNumber.decimal(value, Integer.MAX_VALUE, what, example);
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
