// One 160-byte rule of the rule table, field for field as docs/rule-table.md lays it out.
package dev.sysfault.fault;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A rule as the table stores it. Strings are the globs and command themselves (the table stores pool
 * offsets); {@code probability} and {@code shorten} fractions are the raw ×2³² integers.
 */
public record Rule(Set<Integer> syscalls, int flags, int error, long retval, long shorten, int signal,
        long delayEnterUs, long delayExitUs, long whenFirst, long whenLast, long whenStep, long times,
        long probability, long seed, String pathGlob, String fdPathGlob, String command, int argIndex,
        int argOp, long argValue) {

    public static final int FAIL = 1;
    public static final int RETVAL = 1 << 1;
    public static final int SHORTEN_TO = 1 << 2;
    public static final int SHORTEN_FRACTION = 1 << 3;
    public static final int SIGNAL = 1 << 4;
    public static final int DELAY_ENTER = 1 << 5;
    public static final int DELAY_EXIT = 1 << 6;
    public static final int PATH = 1 << 7;
    public static final int FD_PATH = 1 << 8;
    public static final int ARG = 1 << 9;
    public static final int COMMAND = 1 << 10;
    public static final int PROBABILITY = 1 << 11;
    public static final int BLACKHOLE = 1 << 12;
    public static final int PAUSE = 1 << 13;
    static final int KNOWN = 0x3fff;
    static final int RESULTS = FAIL | RETVAL | SHORTEN_TO | SHORTEN_FRACTION | BLACKHOLE | PAUSE;
    static final int ACTIONS = RESULTS | SIGNAL | DELAY_ENTER | DELAY_EXIT;

    public Rule {
        syscalls = Set.copyOf(new TreeSet<>(syscalls));
    }

    static Rule of(Fault f) {
        int flags = 0;
        int error = 0;
        long retval = 0;
        long shorten = 0;
        Fault.Result r = f.result();
        if (r != null) {
            switch (r.kind()) {
                case FAIL -> { flags |= FAIL; error = (int) r.value(); }
                case RETVAL -> { flags |= RETVAL; retval = r.value(); }
                case SHORTEN_TO -> { flags |= SHORTEN_TO; shorten = r.value(); }
                case SHORTEN_FRACTION -> { flags |= SHORTEN_FRACTION; shorten = r.value(); }
                case BLACKHOLE -> flags |= BLACKHOLE;
                case PAUSE -> flags |= PAUSE;
            }
        }
        flags |= f.signalNumber() != 0 ? SIGNAL : 0;
        flags |= f.delayEnterUs() >= 0 ? DELAY_ENTER : 0;
        flags |= f.delayExitUs() >= 0 ? DELAY_EXIT : 0;
        flags |= f.pathGlob() != null ? PATH : 0;
        flags |= f.fdPathGlob() != null ? FD_PATH : 0;
        flags |= f.argMatch() != null ? ARG : 0;
        flags |= f.command() != null ? COMMAND : 0;
        long probability = 0;
        long seed = 0;
        // P = 1 cannot be stored in 32 bits (2^32); it is the same as no probability at all.
        if (f.chance() != null && f.chance().p() < 1) {
            flags |= PROBABILITY;
            probability = Math.min(0xFFFF_FFFFL, Math.round(f.chance().p() * 0x1p32));
            seed = f.chance().seed();
        }
        When w = f.whenRange();
        Fault.Arg a = f.argMatch();
        return new Rule(f.numbers(), flags, error, retval, shorten, f.signalNumber(),
                Math.max(0, f.delayEnterUs()), Math.max(0, f.delayExitUs()),
                Integer.toUnsignedLong(w.first()), Integer.toUnsignedLong(w.last()), Integer.toUnsignedLong(w.step()),
                f.timesLimit(), probability, seed, f.pathGlob(), f.fdPathGlob(), f.command(),
                a == null ? 0 : a.index(), a == null ? 0 : a.op().code(), a == null ? 0 : a.value());
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** One line of the text dump, after {@code rule N:}. */
    String dump() {
        StringBuilder s = new StringBuilder("syscalls=");
        s.append(String.join(",", syscalls.stream().sorted().map(String::valueOf).toList()));
        if (has(FAIL)) {
            s.append(" fail=").append(error);
        }
        if (has(RETVAL)) {
            s.append(" retval=").append(retval);
        }
        if (has(SHORTEN_TO)) {
            s.append(" shorten_to=").append(Long.toUnsignedString(shorten));
        }
        if (has(SHORTEN_FRACTION)) {
            s.append(" shorten_fraction=").append(Long.toUnsignedString(shorten));
        }
        if (has(BLACKHOLE)) {
            s.append(" blackhole");
        }
        if (has(PAUSE)) {
            s.append(" pause");
        }
        if (has(SIGNAL)) {
            s.append(" signal=").append(signal);
        }
        if (has(DELAY_ENTER)) {
            s.append(" delay_enter_us=").append(delayEnterUs);
        }
        if (has(DELAY_EXIT)) {
            s.append(" delay_exit_us=").append(delayExitUs);
        }
        if (has(PATH)) {
            s.append(" path=").append(quote(pathGlob));
        }
        if (has(FD_PATH)) {
            s.append(" fd_path=").append(quote(fdPathGlob));
        }
        if (has(ARG)) {
            s.append(" arg=").append(argIndex).append(',').append(ArgOp.values()[argOp].word()).append(",0x")
                    .append(Long.toHexString(argValue));
        }
        if (has(COMMAND)) {
            s.append(" command=").append(quote(command));
        }
        s.append(" when=").append(whenFirst).append("..").append(whenLast == 0 ? "inf" : Long.toString(whenLast))
                .append('+').append(whenStep);
        if (times != 0) {
            s.append(" times=").append(times);
        }
        if (has(PROBABILITY)) {
            s.append(" probability=").append(probability).append(" seed=").append(Long.toUnsignedString(seed));
        }
        return s.toString();
    }

    /** The pool strings this rule uses, in the order the compiler stores them. */
    List<String> strings() {
        return java.util.stream.Stream.of(pathGlob, fdPathGlob, command).filter(java.util.Objects::nonNull).toList();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
