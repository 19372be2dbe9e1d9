// One planned run of an exploration: a failure point made to fail at one occurrence, in one way, in one mode.
package dev.sysfault.explore;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import java.util.Optional;

/**
 * A fault to arm for one run, and the SPEC that arms it again: {@code fsync:error=EIO:when=3:fd_path=/d/wal.log}
 * ({@code when=3+} from then on). A nondeterministic point's from-then-on fault has no {@code when}: every
 * matching call fails.
 *
 * @param errno the error, or empty for a short transfer (half the bytes asked for)
 */
public record Candidate(FailurePoint point, int occurrence, Optional<Errno> errno, Mode mode) {

    /** The SPEC for {@code sysfault run --inject} that arms this fault. */
    public String spec() {
        String action = errno.map(e -> "error=" + e.name()).orElse("short=50%");
        int n = point.when(occurrence);
        String when = mode == Mode.ONCE ? ":when=" + n : point.deterministic() || n > 1 ? ":when=" + n + "+" : "";
        return point.syscall() + ":" + action + when + point.target().specMatcher();
    }

    /** The fault itself, parsed from {@link #spec()} so that the run is exactly what the SPEC reproduces. */
    public Fault fault() {
        return Fault.parse(spec());
    }

    /**
     * {@code fsync #3 on /d/wal.log → EIO (once)}, as a person reads it; with a site, the number is the site's:
     * {@code write #2 at Wal.append(Wal.java:57) on /d/wal.log → EIO (once)}.
     */
    public String title() {
        return point.syscall() + " #" + occurrence + point.site().map(s -> " at " + s).orElse("") + " on "
                + point.target() + " → " + errno.map(Errno::name).orElse("short") + " (" + mode.word() + ")";
    }

    @Override
    public String toString() {
        return title();
    }
}
