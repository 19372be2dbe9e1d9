// One fault: which syscalls, which of their calls, and what happens to them. The fluent DSL.
package dev.sysfault.fault;

import dev.sysfault.fault.internal.ErrnoTable;
import dev.sysfault.fault.internal.SignalTable;
import dev.sysfault.fault.internal.UserInput;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable fault. Start with {@link #on(String...)}, {@link #on(SyscallClass)} or {@link #parse(String)},
 * narrow it with matchers and a trigger, and give it an action:
 *
 * <pre>{@code
 * Fault.on("getdents64").fail(Errno.ENOTSUP)
 * Fault.on(SyscallClass.FILE).path("/data/wal/**").fail(Errno.EIO).when(3, 5)
 * Fault.on("write").fdPath("*.log").shortenTo(1)
 * Fault.on("connect").delay(Duration.ofMillis(200)).times(1)
 * }</pre>
 *
 * Every method throws {@link FaultSpecException} as soon as what it is asked cannot work.
 */
public final class Fault {

    /** What the call returns, or how it runs: at most one per fault. */
    record Result(Kind kind, long value, String text) {
        enum Kind { FAIL, RETVAL, SHORTEN_TO, SHORTEN_FRACTION, BLACKHOLE, PAUSE }
    }

    record Arg(int index, ArgOp op, long value) {
    }

    record Chance(double p, long seed) {
    }

    private final SyscallSet calls;
    private final String path;
    private final String fdPath;
    private final Arg arg;
    private final String command;
    private final When when;
    private final int times;
    private final Chance chance;
    private final Result result;
    private final int signal;
    private final long delayEnterUs;
    private final long delayExitUs;
    private final boolean optional;
    /** The notation the fault is written in, for the hints of its errors; not part of what the fault is. */
    private final Vocabulary words;

    private Fault(SyscallSet calls, String path, String fdPath, Arg arg, String command, When when, int times,
            Chance chance, Result result, int signal, long delayEnterUs, long delayExitUs, boolean optional,
            Vocabulary words) {
        this.calls = calls;
        this.path = path;
        this.fdPath = fdPath;
        this.arg = arg;
        this.command = command;
        this.when = when;
        this.times = times;
        this.chance = chance;
        this.result = result;
        this.signal = signal;
        this.delayEnterUs = delayEnterUs;
        this.delayExitUs = delayExitUs;
        this.optional = optional;
        this.words = words;
    }

    private static Fault of(SyscallSet calls, Vocabulary words) {
        return new Fault(calls, null, null, null, null, When.ALWAYS, 0, null, null, 0, -1, -1, false, words);
    }

    /** Syscalls by name ({@code "read", "write"}), each also a number, a class ({@code %file}) or an alias ({@code open}). */
    public static Fault on(String... syscalls) {
        return of(SyscallSet.of(Objects.requireNonNull(syscalls, "syscalls")), Vocabulary.DSL);
    }

    /** Every syscall strace puts in the class. */
    public static Fault on(SyscallClass syscalls) {
        return of(SyscallSet.of(Objects.requireNonNull(syscalls, "syscalls")), Vocabulary.DSL);
    }

    /** A syscall by its x86-64 number. */
    public static Fault on(int number) {
        return of(SyscallSet.parse(Integer.toString(number)), Vocabulary.DSL);
    }

    /**
     * Syscalls in strace's set syntax ({@code "read,write"}, {@code "%file"}, {@code "!all"}), for a fault written in
     * another notation than the DSL, such as an annotation's elements: the errors of this and every later step give
     * their hints in {@code words}.
     */
    public static Fault onSet(String syscalls, Vocabulary words) {
        return of(SyscallSet.parse(Objects.requireNonNull(syscalls, "syscalls")), Objects.requireNonNull(words, "words"));
    }

    /** strace's {@code --inject} SPEC with sysfault's extra keys, for example {@code getdents64:error=ENOTSUP:when=2+}. */
    public static Fault parse(String spec) {
        return InjectSpec.parse(spec);
    }

    // --- matchers ---

    /** Only calls whose path argument (per the syscall table) matches the glob: {@code *}, {@code **}, {@code ?}. */
    public Fault path(String glob) {
        requireAbsent(path, Setting.PATH, "a fault has one path glob; write two faults for two paths");
        String checked = glob(glob, Setting.PATH);
        SyscallSet kept = calls.keep(Syscall::takesPath, "a path argument", words.write(Setting.PATH, glob),
                "match the descriptor's path with " + words.write(Setting.FD_PATH, glob) + " instead");
        return new Fault(kept, checked, fdPath, arg, command, when, times, chance, result, signal,
                delayEnterUs, delayExitUs, optional, words);
    }

    /** Only calls whose argument 0 is a descriptor opened for a path matching the glob. */
    public Fault fdPath(String glob) {
        requireAbsent(fdPath, Setting.FD_PATH, "a fault has one descriptor glob; write two faults for two globs");
        return new Fault(calls, path, glob(glob, Setting.FD_PATH), arg, command, when, times, chance, result, signal,
                delayEnterUs, delayExitUs, optional, words);
    }

    /** Only calls whose argument {@code index} (0..5) compares with {@code value} as {@code op} says. */
    public Fault arg(int index, ArgOp op, long value) {
        requireAbsent(arg, Setting.ARG, "a fault has one argument matcher");
        if (index < 0 || index > 5) {
            throw new FaultSpecException("arg index " + index + " is out of range: syscalls have arguments 0..5");
        }
        return new Fault(calls, path, fdPath, new Arg(index, Objects.requireNonNull(op, "op"), value), command, when,
                times, chance, result, signal, delayEnterUs, delayExitUs, optional, words);
    }

    /** Only in processes whose command name (last part of argv[0]) is {@code name}. */
    public Fault onlyInCommand(String name) {
        requireAbsent(command, Setting.COMMAND, "a fault applies to one command name");
        if (name == null || name.isEmpty() || name.contains("/") || name.indexOf('\0') >= 0) {
            throw new FaultSpecException(words.write(Setting.COMMAND, String.valueOf(name)) + ": give the last part"
                    + " of argv[0], without slashes, as in " + words.write(Setting.COMMAND, "git"));
        }
        return new Fault(calls, path, fdPath, arg, name, when, times, chance, result, signal, delayEnterUs,
                delayExitUs, optional, words);
    }

    // --- triggers ---

    /** Only the {@code first}-th call (strace's {@code when=F}). */
    public Fault when(int first) {
        return withWhen(new When(first, first, 1));
    }

    /** The {@code first}-th call and every one after it (strace's {@code when=F+}). */
    public Fault whenFrom(int first) {
        return withWhen(new When(first, 0, 1));
    }

    /** Calls {@code first..last} (strace's {@code when=F..L}). */
    public Fault when(int first, int last) {
        return withWhen(new When(first, last, 1));
    }

    /** Calls first, first+step, ... up to last (strace's {@code when=F..L+S}). */
    public Fault when(int first, int last, int step) {
        return withWhen(new When(first, last, step));
    }

    /** The calls {@code w} says (strace's {@code when=}); the methods above make one. */
    public Fault when(When w) {
        return withWhen(Objects.requireNonNull(w, "when"));
    }

    private Fault withWhen(When w) {
        return new Fault(calls, path, fdPath, arg, command, w, times, chance, result, signal, delayEnterUs,
                delayExitUs, optional, words);
    }

    /** Fire at most {@code n} times per process. */
    public Fault times(int n) {
        if (n < 1) {
            throw new FaultSpecException(words.write(Setting.TIMES, Integer.toString(n)) + ": a fault fires at least"
                    + " once; leave " + words.name(Setting.TIMES) + " out for no limit");
        }
        return new Fault(calls, path, fdPath, arg, command, when, n, chance, result, signal, delayEnterUs,
                delayExitUs, optional, words);
    }

    /** Fire each call with probability {@code p}; the same seed makes the same calls fire in every run. */
    public Fault probability(double p, long seed) {
        requireAbsent(chance, Setting.PROBABILITY, "give one probability");
        if (!(p >= 0 && p <= 1)) {
            throw new FaultSpecException((words == Vocabulary.DSL ? "probability " + p
                    : words.write(Setting.PROBABILITY, Double.toString(p))) + " is outside 0..1; write "
                    + (words == Vocabulary.DSL ? "0.25" : words.write(Setting.PROBABILITY, "0.25"))
                    + " for one call in four");
        }
        return new Fault(calls, path, fdPath, arg, command, when, times, new Chance(p, seed), result, signal,
                delayEnterUs, delayExitUs, optional, words);
    }

    /**
     * A fault that may rightly never fire: the test passes even if no call met it. Without this, a fault that fired
     * zero times by the end of the body fails the test, since a test whose fault never fired tested nothing.
     */
    public Fault optional() {
        return new Fault(calls, path, fdPath, arg, command, when, times, chance, result, signal, delayEnterUs,
                delayExitUs, true, words);
    }

    // --- actions ---

    /** Return -errno without running the call. */
    public Fault fail(Errno errno) {
        return fail(Objects.requireNonNull(errno, "errno").number(), errno.name());
    }

    /** Return -errno (1..4095) without running the call. */
    public Fault fail(int errno) {
        return fail(errno, ErrnoTable.byNumber(errno).map(ErrnoTable.Entry::name).orElse(Integer.toString(errno)));
    }

    /** Return -errno, the errno given by its name ({@code "ENOTSUP"}), without running the call. */
    public Fault fail(String errnoName) {
        ErrnoTable.Entry e = ErrnoTable.find(Objects.requireNonNull(errnoName, "errno")).orElseThrow(
                () -> new FaultSpecException("unknown errno " + UserInput.quote(errnoName) + ": did you mean "
                        + String.join(", ", ErrnoTable.closest(errnoName, 3)) + "? Write a name like EIO or a number 1..4095"));
        return fail(e.number(), e.name());
    }

    private Fault fail(int errno, String text) {
        if (errno < 1 || errno > 4095) {
            throw new FaultSpecException("errno " + errno + " is out of range: write 1..4095 or a name like EIO");
        }
        return withResult(new Result(Result.Kind.FAIL, errno, text));
    }

    /** Return {@code value} without running the call. */
    public Fault returnValue(long value) {
        return withResult(new Result(Result.Kind.RETVAL, value, Long.toString(value)));
    }

    /** Run the call with its byte count lowered to at most {@code bytes}: a real short read or write. */
    public Fault shortenTo(long bytes) {
        if (bytes < 0) {
            throw new FaultSpecException(words.write(Setting.SHORTEN, Long.toString(bytes))
                    + ": a byte count is 0 or more");
        }
        return shortened(new Result(Result.Kind.SHORTEN_TO, bytes, Long.toString(bytes)));
    }

    /** Run the call with its byte count times {@code fraction} (0 &lt; fraction ≤ 1), at least 1 byte. */
    public Fault shortenToFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new FaultSpecException((words == Vocabulary.DSL ? "shortenToFraction(" + fraction + ")"
                    : words.write(Setting.SHORTEN, percent(fraction))) + " is outside (0, 1]; write "
                    + words.write(Setting.SHORTEN, "50%") + " for half the bytes, or "
                    + words.write(Setting.SHORTEN, "0") + " for none");
        }
        long scaled = Math.round(fraction * 0x1p32);
        return shortened(new Result(Result.Kind.SHORTEN_FRACTION, Math.max(1, scaled), percent(fraction)));
    }

    /**
     * The fraction as the percentage a SPEC writes ({@code 0.55} as {@code 55%}): the shortest decimal that reads
     * back as the same double, moved two places, so that the text parses to the same fraction and prints the same
     * again. {@code fraction * 100} did not: 0.55 printed {@code 55.00000000000001%}, which read back printed
     * {@code 55.000000000000014%}.
     */
    private static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return fraction * 100 + "%";   // only said, in the refusal of a value far out of range
        }
        return new BigDecimal(Double.toString(fraction)).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    private Fault shortened(Result r) {
        Fault f = withResult(r);
        SyscallSet kept = calls.keep(Syscall::hasByteCount, "a byte count", describe(r),
                "shorten read, write, pread64, pwrite64, sendto, recvfrom, sendfile, splice, tee or copy_file_range");
        return new Fault(kept, f.path, f.fdPath, f.arg, f.command, f.when, f.times, f.chance, f.result, f.signal,
                f.delayEnterUs, f.delayExitUs, f.optional, words);
    }

    /**
     * A peer that never answers: {@code connect} sends its SYN to a port that drops it, so the connection never
     * completes; {@code read}, {@code readv}, {@code recvfrom} and {@code recvmsg} never get data; {@code poll},
     * {@code ppoll}, {@code select}, {@code pselect6}, {@code epoll_wait}, {@code epoll_pwait} and
     * {@code epoll_pwait2} see nothing ready. Each call waits as the kernel would (until the caller's own timeout,
     * {@code SO_SNDTIMEO}/{@code SO_RCVTIMEO}, or a signal), or returns at once for a non-blocking one, so the code's
     * own timeouts fire.
     */
    public Fault blackhole() {
        Fault f = withResult(new Result(Result.Kind.BLACKHOLE, 0, "blackhole"));
        SyscallSet kept = calls.keep(s -> BLACKHOLE_CALLS.contains(s.name()), "a peer to wait for",
                describe(f.result), "black-hole " + String.join(", ", BLACKHOLE_CALLS));
        return new Fault(kept, f.path, f.fdPath, f.arg, f.command, f.when, f.times, f.chance, f.result, f.signal,
                f.delayEnterUs, f.delayExitUs, f.optional, words);
    }

    /**
     * Each call waits until the process's watcher lets it go, then runs unchanged: fault exploration's recordings
     * read the waiting thread's Java stack this way (its call site). Not a failure: without a watcher in the process
     * (the control API's {@code sysfault_watch_paused_calls}) the call goes on at once.
     */
    public Fault pauseForWatcher() {
        return withResult(new Result(Result.Kind.PAUSE, 0, "pause"));
    }

    /** What {@link #blackhole()} knows how to keep waiting, in the order its message lists them. */
    static final List<String> BLACKHOLE_CALLS = List.of("connect", "read", "readv", "recvfrom", "recvmsg", "poll",
            "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2");

    /** Raise a signal ({@code SIGUSR1}, {@code USR1}, {@code SIGRTMIN+1} or a number) in the calling thread after the call. */
    public Fault signal(String name) {
        requireAbsent(signal == 0 ? null : signal, Setting.SIGNAL, "a fault raises one signal");
        int number = SignalParse.number(Objects.requireNonNull(name, "signal"));
        return new Fault(calls, path, fdPath, arg, command, when, times, chance, result, number, delayEnterUs,
                delayExitUs, optional, words);
    }

    /** Sleep before the call (microsecond resolution, rounded up; a delay between 0 and 1 microsecond is refused). */
    public Fault delay(Duration d) {
        requireAbsent(delayEnterUs < 0 ? null : delayEnterUs, Setting.DELAY, "a fault has one delay before the call");
        return new Fault(calls, path, fdPath, arg, command, when, times, chance, result, signal,
                micros(d, Setting.DELAY), delayExitUs, optional, words);
    }

    /** Sleep after the call (microsecond resolution, rounded up; a delay between 0 and 1 microsecond is refused). */
    public Fault delayAfter(Duration d) {
        requireAbsent(delayExitUs < 0 ? null : delayExitUs, Setting.DELAY_AFTER, "a fault has one delay after the call");
        return new Fault(calls, path, fdPath, arg, command, when, times, chance, result, signal, delayEnterUs,
                micros(d, Setting.DELAY_AFTER), optional, words);
    }

    // --- what it says ---

    /** How aliases and classes were resolved: {@code open also matches openat: glibc opens files with openat}. */
    public List<String> notes() {
        return calls.notes();
    }

    /** Whether the fault raises a signal ({@link #signal}), which may end the process that makes the call. */
    public boolean raisesSignal() {
        return signal != 0;
    }

    /** Whether a test may pass with this fault never fired ({@link #optional()}). */
    public boolean isOptional() {
        return optional;
    }

    /**
     * The SPEC keys that keep a matched call from firing ({@code when=5}, {@code probability=0.1:seed=7}, and
     * {@code short=1000}, which leaves a call of 1000 bytes or fewer alone), or empty when every matched call fires.
     */
    public String trigger() {
        StringBuilder s = new StringBuilder();
        if (!when.equals(When.ALWAYS)) {
            s.append("when=").append(when);
        }
        if (chance != null) {
            s.append(s.length() == 0 ? "" : ":").append("probability=").append(chance.p()).append(":seed=")
                    .append(chance.seed());
        }
        if (result != null && (result.kind() == Result.Kind.SHORTEN_TO
                || result.kind() == Result.Kind.SHORTEN_FRACTION)) {
            s.append(s.length() == 0 ? "" : ":").append("short=").append(result.text());
        }
        return s.toString();
    }

    /** The syscall numbers the fault applies to, ascending. */
    public List<Integer> syscalls() {
        return calls.numbers().stream().sorted().toList();
    }

    /** The fault as a SPEC that {@link #parse} reads back, then its notes in brackets. */
    @Override
    public String toString() {
        String spec = toSpec();
        return notes().isEmpty() ? spec : spec + " [" + String.join("; ", notes()) + "]";
    }

    /** The fault as a SPEC that {@link #parse} reads back. */
    public String toSpec() {
        StringBuilder s = new StringBuilder(calls.text());
        if (result != null) {
            switch (result.kind()) {
                case FAIL -> s.append(":error=").append(result.text());
                case RETVAL -> s.append(":retval=").append(result.value());
                case SHORTEN_TO, SHORTEN_FRACTION -> s.append(":short=").append(result.text());
                case BLACKHOLE -> s.append(":blackhole");
                case PAUSE -> s.append(":pause");
            }
        }
        if (signal != 0) {
            s.append(":signal=").append(SignalTable.name(signal));
        }
        if (delayEnterUs >= 0) {
            s.append(":delay_enter=").append(delayEnterUs).append("us");
        }
        if (delayExitUs >= 0) {
            s.append(":delay_exit=").append(delayExitUs).append("us");
        }
        if (path != null) {
            s.append(":path=").append(path);
        }
        if (fdPath != null) {
            s.append(":fd_path=").append(fdPath);
        }
        if (arg != null) {
            s.append(":arg=").append(arg.index()).append(',').append(arg.op().word()).append(",0x")
                    .append(Long.toHexString(arg.value()));
        }
        if (command != null) {
            s.append(":command=").append(command);
        }
        if (!when.equals(When.ALWAYS)) {
            s.append(":when=").append(when);
        }
        if (times != 0) {
            s.append(":times=").append(times);
        }
        if (chance != null) {
            s.append(":probability=").append(chance.p()).append(":seed=")
                    .append(Long.toUnsignedString(chance.seed())); // seed= reads 0..2^64-1, as the rule table holds it
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fault f && toSpec().equals(f.toSpec()) && numbers().equals(f.numbers())
                && optional == f.optional;
    }

    @Override
    public int hashCode() {
        return toSpec().hashCode();
    }

    /** The rule this fault compiles to; a fault without an action is refused here. */
    Rule toRule() {
        if (result == null && signal == 0 && delayEnterUs < 0 && delayExitUs < 0) {
            throw new FaultSpecException(UserInput.quote(calls.text()) + " has no action: add one of fail(Errno.EIO),"
                    + " returnValue(0), shortenTo(1), blackhole(), signal(\"SIGUSR1\"), delay(...), delayAfter(...)"
                    + " (in a SPEC: error=, retval=, short=, blackhole, signal=, delay_enter=, delay_exit=)");
        }
        return Rule.of(this);
    }

    // accessors for Rule
    Set<Integer> numbers() {
        return calls.numbers();
    }

    String pathGlob() {
        return path;
    }

    String fdPathGlob() {
        return fdPath;
    }

    Arg argMatch() {
        return arg;
    }

    String command() {
        return command;
    }

    When whenRange() {
        return when;
    }

    int timesLimit() {
        return times;
    }

    Chance chance() {
        return chance;
    }

    Result result() {
        return result;
    }

    int signalNumber() {
        return signal;
    }

    long delayEnterUs() {
        return delayEnterUs;
    }

    long delayExitUs() {
        return delayExitUs;
    }

    private Fault withResult(Result r) {
        if (result != null) {
            throw new FaultSpecException("two results for one fault: " + describe(result) + " and " + describe(r)
                    + "; a call can fail, return a value, be shortened or black-holed, not two of them: write two"
                    + " faults with different " + words.name(Setting.WHEN) + " ranges instead");
        }
        return new Fault(calls, path, fdPath, arg, command, when, times, chance, r, signal, delayEnterUs,
                delayExitUs, optional, words);
    }

    /** The result as the user wrote it: {@code fail(EIO)}, {@code error=EIO}, {@code errno = "EIO"}. */
    private String describe(Result r) {
        return switch (r.kind()) {
            case FAIL -> words == Vocabulary.DSL ? "fail(" + r.text() + ")" : words.write(Setting.ERRNO, r.text());
            case RETVAL -> words.write(Setting.RETVAL, Long.toString(r.value()));
            case SHORTEN_TO -> words.write(Setting.SHORTEN, Long.toString(r.value()));
            case SHORTEN_FRACTION -> words == Vocabulary.DSL ? "shortenToFraction("
                    + Double.parseDouble(r.text().replace("%", "")) / 100 + ")"
                    : words.write(Setting.SHORTEN, r.text());
            case BLACKHOLE -> words.write(Setting.BLACKHOLE, "");
            case PAUSE -> words.write(Setting.PAUSE, "");
        };
    }

    private void requireAbsent(Object current, Setting setting, String why) {
        if (current != null) {
            throw new FaultSpecException(words.name(setting) + " given twice: " + why);
        }
    }

    private String glob(String glob, Setting setting) {
        if (glob == null || glob.isEmpty() || glob.indexOf('\0') >= 0) {
            throw new FaultSpecException((words == Vocabulary.DSL ? setting.dslMethod() + "(" + UserInput.quote(glob)
                    + ")" : words.write(setting, String.valueOf(glob))) + ": give a glob like "
                    + words.write(setting, "/data/wal/**") + " or " + words.write(setting, "*.log"));
        }
        return glob;
    }

    /** A delay in the rule table's microseconds; SPEC and annotation text has been read by {@link SettingText}. */
    private static long micros(Duration d, Setting setting) {
        String what = setting.dslMethod();
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new FaultSpecException(what + "(" + d + ") is negative; write Duration.ofMillis(200)");
        }
        if (!d.isZero() && d.compareTo(Duration.ofNanos(1000)) < 0) {
            // Rounding it up to 1 microsecond would run a delay the user did not ask for.
            throw new FaultSpecException(what + "(" + d + ") is shorter than 1 microsecond, the shortest delay the"
                    + " rule table keeps; write Duration.ofNanos(1000) or more, or Duration.ZERO for none");
        }
        long us = d.getSeconds() * 1_000_000L + (d.getNano() + 999) / 1000;
        if (d.getSeconds() > 4294 || us > 0xFFFF_FFFFL) {
            throw new FaultSpecException(what + "(" + d + ") is longer than the rule table's 4294 s");
        }
        return us;
    }
}
