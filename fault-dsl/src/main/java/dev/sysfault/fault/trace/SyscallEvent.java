// One recorded system call: who made it, with what, what it returned, and whether a rule answered it.
package dev.sysfault.fault.trace;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.internal.ErrnoTable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A complete event of a trace.
 *
 * @param sequence the event number, unique in the trace: one thread's calls have increasing numbers, but the
 *     numbers of different threads do not say which call came first ({@code order} does)
 * @param order when the event was recorded, on one clock for every thread and process (the TSC, or
 *     CLOCK_MONOTONIC in ns): a trace lists its events by {@code order}, then by {@code sequence}
 * @param timeNanos CLOCK_MONOTONIC when the call returned (entered, for {@code noReturn} ones)
 * @param number the x86-64 syscall number; {@code name} is its name from the syscall table, or
 *     {@code syscall_0x1ff} for a number the table does not know
 * @param args the six arguments as passed (unused ones hold whatever the registers held)
 * @param result as the caller saw it: a negative errno for a failure; meaningless when {@code noReturn}
 * @param injected a rule fired for this call ({@code rule} says which)
 * @param noReturn the call does not return ({@code exit_group}, {@code rt_sigreturn}): recorded before it ran
 * @param rule index of the rule that took the call, or -1
 * @param path the first path argument (argument {@code pathArgument}) as UTF-8, when it could be read
 * @param pathTruncated {@code path} (or {@code fdPath}) holds only the path's first 148 bytes
 * @param pathUnreadable the path's pointer could not be read (the call got EFAULT, or a rule answered it)
 * @param fdPath for a call on a descriptor (argument {@code pathArgument}) that takes no path argument
 *     ({@code write}, {@code fsync}, {@code pwrite64}, {@code getdents64}, ...): the path the kernel showed for
 *     the descriptor in {@code /proc/self/fd} ({@code /tmp/app.db}, {@code socket:[123]}, {@code pipe:[45]}),
 *     read when the process first used it ({@code close}'s just before it ran); empty for a bad descriptor
 * @param unfinished the call was recorded as a rule's delay or signal began to act on it ({@code result} is
 *     meaningless), and its thread has recorded nothing since: it is still held up, or the signal ended it.
 *     A trace shows such an event only while it is its thread's last; once the call completes, its own event
 *     takes its place.
 * @param buffer the first bytes the kernel moved from or to the buffer of a {@code read}, {@code write},
 *     {@code pread64}, {@code pwrite64}, {@code sendto} or {@code recvfrom} that it ran
 *     ({@link TraceOptions#bufferBytes(int)} of them at most); empty for a failed call, one a fault answered, or
 *     another syscall
 */
public record SyscallEvent(long sequence, long order, long timeNanos, int pid, int tid, int number, String name,
        List<Long> args, long result, boolean injected, boolean noReturn, int rule, Optional<String> path,
        int pathArgument, boolean pathTruncated, boolean pathUnreadable, Optional<String> fdPath,
        boolean unfinished, Optional<CapturedBytes> buffer) {

    /** The largest errno the kernel returns as {@code -errno}; results from -4095 to -1 are failures. */
    public static final int MAX_ERRNO = 4095;

    public SyscallEvent {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        if (args.size() != 6) {
            throw new IllegalArgumentException("an event has six arguments, not " + args.size());
        }
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(fdPath, "fdPath");
        Objects.requireNonNull(buffer, "buffer");
    }

    /** Argument {@code i} (0..5) as the 64-bit register held it. */
    public long arg(int i) {
        return args.get(i);
    }

    /** It returned -1 with errno set: {@code result} is from -4095 to -1. */
    public boolean failed() {
        return !noReturn && !unfinished && result < 0 && result >= -MAX_ERRNO;
    }

    /** It returned and did not fail. */
    public boolean succeeded() {
        return !noReturn && !unfinished && !failed();
    }

    /** The errno of a failure (-{@code result}), or 0. */
    public int errnoNumber() {
        return failed() ? (int) -result : 0;
    }

    /** The errno of a failure by its kernel name ({@code EOPNOTSUPP} for 95), when the errno table knows the number. */
    public Optional<Errno> errno() {
        return failed() ? ErrnoTable.byNumber(errnoNumber()).map(e -> Errno.valueOf(e.name())) : Optional.empty();
    }

    /** The event as strace would print it, without a pid prefix. */
    @Override
    public String toString() {
        return StracePrinter.line(this);
    }
}
