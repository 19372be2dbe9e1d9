// A target named by its file name alone still makes a SPEC that parses and matches that file in any directory.
package dev.sysfault.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureTargetTest {

    @Test
    void aDescriptorByFileNameMatchesItInAnyDirectoryAndKeepsItsOtherCharactersLiteral() {
        FailureTarget wal = FailureTarget.descriptor("/tmp/junit-123/wal.log").byFileName();
        FailureTarget odd = FailureTarget.descriptor("/tmp/junit-123/a:b*").byFileName();

        assertThat(wal.specMatcher()).isEqualTo(":fd_path=**/wal.log");
        assertThat(odd.specMatcher()).isEqualTo(":fd_path=**/a?b?");
        Candidate c = new Candidate(new FailurePoint("fsync", wal, 1, true), 1, Optional.of(Errno.EIO), Mode.ONCE);
        assertThat(c.fault().toSpec()).contains("fd_path=**/wal.log");
    }

    @Test
    void aPathArgumentByFileNameIsItsLastComponentAndOtherTargetsStayAsTheyAre() {
        assertThat(FailureTarget.path("/tmp/junit-123/app.properties").byFileName().specMatcher())
                .isEqualTo(":path=app.properties");
        assertThat(FailureTarget.path("/tmp/junit-123/dir/").byFileName().specMatcher()).isEqualTo(":path=dir");
        assertThat(FailureTarget.SOCKET.byFileName()).isEqualTo(FailureTarget.SOCKET);
        assertThat(FailureTarget.STDOUT.byFileName()).isEqualTo(FailureTarget.STDOUT);
    }
}
