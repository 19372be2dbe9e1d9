// A test parameter of an @ExploreSyscallFaults test: which fault this run armed, for assertions that depend on it.
package dev.sysfault.junit;

import dev.sysfault.explore.Mode;
import dev.sysfault.fault.Errno;
import java.util.Optional;

/**
 * Nothing in the fault-free run ({@link #injected()} false); else the syscall that fails, its errno (empty for a
 * short transfer) and whether only one call fails or every later one too:
 *
 * <pre>{@code
 * if (fault.injected()) {
 *     assertThatThrownBy(wal::commit).isInstanceOf(IOException.class);
 * } else {
 *     wal.commit();
 * }
 * }</pre>
 */
public final class ExploredFault {

    private static final ExploredFault NONE = new ExploredFault("", "", Optional.empty(), Mode.ONCE);

    private final String spec;
    private final String syscall;
    private final Optional<Errno> errno;
    private final Mode mode;

    private ExploredFault(String spec, String syscall, Optional<Errno> errno, Mode mode) {
        this.spec = spec;
        this.syscall = syscall;
        this.errno = errno;
        this.mode = mode;
    }

    static ExploredFault none() {
        return NONE;
    }

    /** Read back from the SPEC the run armed ({@code fsync:error=EIO:when=3+:fd_path=**}{@code /wal.log}). */
    static ExploredFault ofSpec(String spec) {
        String[] keys = spec.split(":");
        Optional<Errno> errno = Optional.empty();
        Mode mode = Mode.FROM_THEN_ON;   // without when=, every matching call fails
        for (String key : keys) {
            if (key.startsWith("error=")) {
                errno = Optional.of(Errno.valueOf(key.substring("error=".length())));
            } else if (key.startsWith("when=")) {
                mode = key.endsWith("+") ? Mode.FROM_THEN_ON : Mode.ONCE;
            }
        }
        return new ExploredFault(spec, keys[0], errno, mode);
    }

    /** Whether this run armed a fault (false in the fault-free run). */
    public boolean injected() {
        return !spec.isEmpty();
    }

    /** The syscall made to fail ({@code "fsync"}), or empty in the fault-free run. */
    public String syscall() {
        return syscall;
    }

    /** Its errno; empty for a short transfer and in the fault-free run. */
    public Optional<Errno> errno() {
        return errno;
    }

    /** Whether the call fails once or from then on. */
    public Mode mode() {
        return mode;
    }

    /** The SPEC armed ({@code sysfault run --inject} and {@code @InjectSyscallFault(spec = ...)} read it), or empty. */
    public String spec() {
        return spec;
    }

    @Override
    public String toString() {
        return injected() ? "ExploredFault[" + spec + "]" : "ExploredFault[none: the fault-free run]";
    }
}
