// What a trace records and how it behaves when full: the settings TraceFile.create writes into the header.
package dev.sysfault.fault.trace;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.FaultSpecException;
import dev.sysfault.fault.SyscallClass;
import dev.sysfault.fault.SyscallTable;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which calls to record ({@link #all()}, {@link #matchedOnly()}, {@link #syscalls(String...)}), how many
 * events the ring holds ({@link #capacity(int)}, default 65536), what happens when it is full
 * ({@link #wrap()}, the default: the oldest events are overwritten; {@link #stopWhenFull()}: new ones
 * are dropped) and whether the file starts {@link #paused()}. Immutable; every mistake is refused with
 * what was wrong and how to write it.
 */
public final class TraceOptions {

    private final boolean matchedOnly;
    private final Set<Integer> syscalls; // null: not restricted to a set
    private final String described;
    private final int capacity;
    private final boolean stopWhenFull;
    private final boolean paused;
    private final int bufferBytes;

    private TraceOptions(boolean matchedOnly, Set<Integer> syscalls, String described, int capacity,
            boolean stopWhenFull, boolean paused, int bufferBytes) {
        this.matchedOnly = matchedOnly;
        this.syscalls = syscalls == null ? null : Set.copyOf(new TreeSet<>(syscalls));
        this.described = described;
        this.capacity = capacity;
        this.stopWhenFull = stopWhenFull;
        this.paused = paused;
        this.bufferBytes = bufferBytes;
    }

    /** Every call the program makes through glibc. */
    public static TraceOptions all() {
        return new TraceOptions(false, null, "all syscalls", TraceFormat.DEFAULT_CAPACITY, false, false,
                TraceFormat.DEFAULT_BUFFER_BYTES);
    }

    /** Only calls that a rule matched (whether or not it fired). */
    public static TraceOptions matchedOnly() {
        return new TraceOptions(true, null, "calls a rule matched", TraceFormat.DEFAULT_CAPACITY, false, false,
                TraceFormat.DEFAULT_BUFFER_BYTES);
    }

    /** Only these syscalls, written as for {@code Fault.on}: names, numbers, {@code %file}, aliases such as {@code open}. */
    public static TraceOptions syscalls(String... names) {
        Objects.requireNonNull(names, "names");
        if (names.length == 0) {
            throw new FaultSpecException("TraceOptions.syscalls() needs at least one syscall, as in"
                    + " TraceOptions.syscalls(\"openat\", \"read\"); TraceOptions.all() records every call");
        }
        try {
            return new TraceOptions(false, Set.copyOf(Fault.on(names).syscalls()), String.join(",", names),
                    TraceFormat.DEFAULT_CAPACITY, false, false,
                TraceFormat.DEFAULT_BUFFER_BYTES);
        } catch (FaultSpecException e) {
            throw new FaultSpecException("TraceOptions.syscalls: " + e.getMessage());
        }
    }

    /** Only the syscalls strace puts in these classes. */
    public static TraceOptions syscalls(SyscallClass... classes) {
        Objects.requireNonNull(classes, "classes");
        if (classes.length == 0) {
            throw new FaultSpecException("TraceOptions.syscalls() needs at least one class, as in"
                    + " TraceOptions.syscalls(SyscallClass.FILE)");
        }
        Set<Integer> numbers = new TreeSet<>();
        for (SyscallClass c : classes) {
            SyscallTable.inClass(Objects.requireNonNull(c, "class")).forEach(s -> numbers.add(s.number()));
        }
        return new TraceOptions(false, numbers, String.join(",", Arrays.stream(classes).map(SyscallClass::spec)
                .toList()), TraceFormat.DEFAULT_CAPACITY, false, false,
                TraceFormat.DEFAULT_BUFFER_BYTES);
    }

    /** Room for this many events: a power of two from 16 to 16777216 (2²⁴). */
    public TraceOptions capacity(int events) {
        if (events < TraceFormat.MIN_CAPACITY || events > TraceFormat.MAX_CAPACITY || Integer.bitCount(events) != 1) {
            throw new FaultSpecException("a trace's capacity is a power of two from " + TraceFormat.MIN_CAPACITY
                    + " to " + TraceFormat.MAX_CAPACITY + " events, not " + events + "; use " + nearest(events));
        }
        return new TraceOptions(matchedOnly, syscalls, described, events, stopWhenFull, paused, bufferBytes);
    }

    /** When the ring is full, drop new events (counted as lost) and keep the first {@link #capacity()}. */
    public TraceOptions stopWhenFull() {
        return new TraceOptions(matchedOnly, syscalls, described, capacity, true, paused, bufferBytes);
    }

    /** When the ring is full, overwrite the oldest events (counted as lost) and keep the last ones: the default. */
    public TraceOptions wrap() {
        return new TraceOptions(matchedOnly, syscalls, described, capacity, false, paused, bufferBytes);
    }

    /**
     * The file starts paused: no process records into it until {@link TraceRecording#resume()} (the
     * header's {@code paused} field, docs/trace-format.md).
     */
    public TraceOptions paused() {
        return new TraceOptions(matchedOnly, syscalls, described, capacity, stopWhenFull, true, bufferBytes);
    }

    /**
     * How many bytes of each read, write, pread64, pwrite64, sendto and recvfrom buffer an event keeps, and a
     * trace line shows, as strace's {@code -s} (default 32; 0 keeps none; at most 128). The bytes are those the
     * kernel moved, so a call that failed, or that a fault answered, keeps none.
     */
    public TraceOptions bufferBytes(int bytes) {
        if (bytes < 0 || bytes > TraceFormat.BUFFER_MAX) {
            throw new FaultSpecException("TraceOptions.bufferBytes(" + bytes + "): an event keeps 0 to "
                    + TraceFormat.BUFFER_MAX + " bytes of a buffer (strace's -s); 32 is the default");
        }
        return new TraceOptions(matchedOnly, syscalls, described, capacity, stopWhenFull, paused, bytes);
    }

    public int capacity() {
        return capacity;
    }

    /** See {@link #bufferBytes(int)}. */
    public int bufferBytes() {
        return bufferBytes;
    }

    public boolean stopsWhenFull() {
        return stopWhenFull;
    }

    public boolean recordsMatchedOnly() {
        return matchedOnly;
    }

    /** Whether {@link TraceFile#create} makes the file paused. */
    public boolean startsPaused() {
        return paused;
    }

    /** The syscall numbers recorded, when restricted to a set. */
    public Optional<Set<Integer>> recordedSyscalls() {
        return Optional.ofNullable(syscalls);
    }

    /** The header's flags field. */
    int flags() {
        return (stopWhenFull ? TraceFormat.STOP_WHEN_FULL : 0) | (matchedOnly ? TraceFormat.RECORD_MATCHED_ONLY : 0)
                | (syscalls != null ? TraceFormat.RECORD_SET : 0);
    }

    /** The header's record_set bitmap: bit nr mod 8 of byte nr / 8. */
    byte[] recordSet() {
        byte[] bitmap = new byte[TraceFormat.RECORD_SET_BYTES];
        if (syscalls != null) {
            syscalls.forEach(nr -> bitmap[nr / 8] |= (byte) (1 << (nr % 8)));
        }
        return bitmap;
    }

    /**
     * The options a header describes (a file the library created may set RECORD_SET and MATCHED_ONLY together).
     * Never {@link #paused()}: the header tells whether the file is paused now, not how it was created
     * ({@link TraceRecording#isPaused()}).
     */
    static TraceOptions fromHeader(int flags, int capacity, byte[] recordSet, int bufferBytes) {
        Set<Integer> numbers = null;
        if ((flags & TraceFormat.RECORD_SET) != 0) {
            numbers = new TreeSet<>();
            for (int nr = 0; nr < recordSet.length * 8; nr++) {
                if ((recordSet[nr / 8] & 1 << (nr % 8)) != 0) {
                    numbers.add(nr);
                }
            }
        }
        boolean matched = (flags & TraceFormat.RECORD_MATCHED_ONLY) != 0;
        String described = numbers != null ? numbers.size() + " syscalls" + (matched ? " a rule matched" : "")
                : matched ? "calls a rule matched" : "all syscalls";
        return new TraceOptions(matched, numbers, described, capacity, (flags & TraceFormat.STOP_WHEN_FULL) != 0,
                false, bufferBytes);
    }

    private static String nearest(int events) {
        if (events <= TraceFormat.MIN_CAPACITY) {
            return Integer.toString(TraceFormat.MIN_CAPACITY);
        }
        if (events >= TraceFormat.MAX_CAPACITY) {
            return Integer.toString(TraceFormat.MAX_CAPACITY);
        }
        return Integer.toString(Integer.highestOneBit(events - 1) << 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceOptions t && t.matchedOnly == matchedOnly && Objects.equals(t.syscalls, syscalls)
                && t.capacity == capacity && t.stopWhenFull == stopWhenFull && t.paused == paused
                && t.bufferBytes == bufferBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(matchedOnly, syscalls, capacity, stopWhenFull, paused, bufferBytes);
    }

    /** For example {@code %file, 1024 events, stop when full}, and {@code , paused} when it starts paused. */
    @Override
    public String toString() {
        return described + ", " + capacity + " events, " + (stopWhenFull ? "stop when full" : "wrap when full")
                + (paused ? ", paused" : "");
    }
}
