// Points at Java call sites: each site's calls are failed by the when= the file saw, and sites that vary fall back.
package dev.sysfault.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallSitePointsTest {

    private static final FailureTarget WAL = FailureTarget.descriptor("**/wal.log");

    private static FailurePoint at(String site, Integer... whens) {
        return new FailurePoint("write", WAL, whens.length, true, Set.of(), Optional.of(site), List.of(whens));
    }

    @Test
    void aSitesSecondCallIsFailedByTheWhenOfItsCallOnTheFile() {
        FailurePoint append = at("Wal.append(Wal.java:57)", 2, 4, 6, 8);
        List<FailurePoint> points = FailurePoints.compared(List.of(at("Wal.header(Wal.java:40)", 1), append),
                List.of(at("Wal.header(Wal.java:40)", 1), append));
        Candidate second = new Candidate(points.get(1), 2, Optional.of(Errno.EIO), Mode.ONCE);
        assertThat(second.spec()).isEqualTo("write:error=EIO:when=4:fd_path=**/wal.log");
        assertThat(second.title()).isEqualTo("write #2 at Wal.append(Wal.java:57) on **/wal.log → EIO (once)");
        assertThat(new Candidate(points.get(1), 4, Optional.of(Errno.EIO), Mode.FROM_THEN_ON).spec())
                .isEqualTo("write:error=EIO:when=8+:fd_path=**/wal.log");
        assertThat(points.get(1).occurrencesToTry()).containsExactly(1, 2, 4);
    }

    @Test
    void aSiteWhoseCallsDifferBetweenTheRecordingsMakesTheFileOneNondeterministicPoint() {
        List<FailurePoint> points = FailurePoints.compared(
                List.of(at("Wal.header(Wal.java:40)", 1), at("Wal.append(Wal.java:57)", 2, 3)),
                List.of(at("Wal.header(Wal.java:40)", 1), at("Wal.append(Wal.java:57)", 2, 3, 4)));
        assertThat(points).containsExactly(new FailurePoint("write", WAL, 3, false));
        assertThat(new Candidate(points.get(0), 1, Optional.of(Errno.EIO), Mode.FROM_THEN_ON).spec())
                .isEqualTo("write:error=EIO:fd_path=**/wal.log");
    }
}
