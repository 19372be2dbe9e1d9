// The plan of an exploration: which faults of which points run, in what order, and what the budget leaves out.
package dev.sysfault.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExplorationPlanTest {

    private static final FailurePoint WAL_FSYNC = new FailurePoint("fsync", FailureTarget.descriptor("/d/wal.log"), 3,
            true);
    private static final FailurePoint WAL_WRITES = new FailurePoint("write", FailureTarget.descriptor("/d/wal.log"),
            1000, true);
    private static final FailurePoint CONFIG_OPEN = new FailurePoint("openat", FailureTarget.path("app.conf"), 1, true);

    private static PlanSettings budget(int runs, long seed) {
        return new PlanSettings(Optional.empty(), Optional.empty(), true, EnumSet.allOf(Mode.class), runs, seed);
    }

    @Test
    void aLoopOfAThousandWritesIsTriedAtItsFirstSecondAndLastCall() {
        List<Candidate> runs = ExplorationPlan.of(List.of(WAL_WRITES), PlanSettings.defaults()).runs();

        assertThat(runs).extracting(Candidate::occurrence).containsOnly(1, 2, 1000);
        assertThat(runs).extracting(Candidate::spec).contains("write:error=EIO:when=1000:fd_path=/d/wal.log",
                "write:error=ENOSPC:when=2+:fd_path=/d/wal.log", "write:short=50%:when=1:fd_path=/d/wal.log");
    }

    @Test
    void aWriteOfOneByteIsNeverPlannedShortForShortLeavesAtLeastOneByte() {
        FailurePoint newlines = new FailurePoint("write", FailureTarget.descriptor("/d/journal"), 8, true, Set.of(2, 8));

        assertThat(ExplorationPlan.of(List.of(newlines), PlanSettings.defaults()).runs())
                .filteredOn(c -> c.errno().isEmpty()).extracting(Candidate::occurrence).containsOnly(1);
    }

    @Test
    void everyPointIsTriedBeforeAnyPointGetsASecondFaultAndTheRestIsCountedAsLeftOut() {
        ExplorationPlan plan = ExplorationPlan.of(List.of(WAL_FSYNC, WAL_WRITES, CONFIG_OPEN), budget(3, 7));

        assertThat(plan.runs()).extracting(Candidate::spec).containsExactly(
                "fsync:error=EIO:when=1:fd_path=/d/wal.log",
                "write:error=EIO:when=1:fd_path=/d/wal.log",
                "openat:error=ENOENT:when=1:path=app.conf");
        int all = ExplorationPlan.of(List.of(WAL_FSYNC, WAL_WRITES, CONFIG_OPEN), PlanSettings.defaults()).runs().size();
        assertThat(plan.leftOutCount()).isEqualTo(all - 3);
        assertThat(plan.leftOut()).containsOnlyKeys("fsync", "openat", "write");
    }

    @Test
    void theSameSeedPlansTheSameRunsAndAnotherSeedSamplesOthers() {
        List<FailurePoint> points = List.of(WAL_FSYNC, WAL_WRITES, CONFIG_OPEN);

        assertThat(ExplorationPlan.of(points, budget(40, 1)).runs())
                .isEqualTo(ExplorationPlan.of(points, budget(40, 1)).runs())
                .isNotEqualTo(ExplorationPlan.of(points, budget(40, 2)).runs());
    }

    @Test
    void errorsThatNoSystemReturnsForeverAreTriedOnceOnly() {
        List<Candidate> runs = ExplorationPlan.of(List.of(WAL_FSYNC), PlanSettings.defaults()).runs();

        assertThat(runs).filteredOn(c -> c.errno().equals(Optional.of(Errno.EINTR)))
                .isNotEmpty().extracting(Candidate::mode).containsOnly(Mode.ONCE);
        assertThat(runs).filteredOn(c -> c.errno().equals(Optional.of(Errno.EIO)))
                .extracting(Candidate::mode).contains(Mode.ONCE, Mode.FROM_THEN_ON);
    }

    @Test
    void aNondeterministicPointIsNamedByItsFileAndItsFirstCallOnly() {
        FailurePoint varies = new FailurePoint("fsync", FailureTarget.descriptor("/d/wal.log"), 5, false);

        List<String> specs = ExplorationPlan.of(List.of(varies), PlanSettings.defaults()).runs().stream()
                .map(Candidate::spec).toList();

        assertThat(specs).contains("fsync:error=EIO:when=1:fd_path=/d/wal.log", "fsync:error=EIO:fd_path=/d/wal.log")
                .noneMatch(s -> s.contains("when=5") || s.contains("when=2"));
    }

    @Test
    void errnosAndSyscallsNarrowThePlanAndShortTransfersNeedAskingForThen() {
        PlanSettings narrow = new PlanSettings(Optional.of(Set.of("write")), Optional.of(Set.of(Errno.ENOSPC)), false,
                EnumSet.of(Mode.FROM_THEN_ON), 500, 0);

        List<String> specs = ExplorationPlan.of(List.of(WAL_FSYNC, WAL_WRITES), narrow).runs().stream()
                .map(Candidate::spec).toList();

        assertThat(specs).containsExactlyInAnyOrder("write:error=ENOSPC:when=1+:fd_path=/d/wal.log",
                "write:error=ENOSPC:when=2+:fd_path=/d/wal.log", "write:error=ENOSPC:when=1000+:fd_path=/d/wal.log");
    }

    @Test
    void pathsWithGlobCharactersOrColonsStillMakeAValidSpecThatMatchesThem() {
        FailurePoint odd = new FailurePoint("unlink", FailureTarget.path("/d/a:b*c?"), 1, true);

        Candidate c = ExplorationPlan.of(List.of(odd), budget(1, 0)).runs().get(0);

        assertThat(c.spec()).isEqualTo("unlink:error=EIO:when=1:path=/d/a?b?c?");
        assertThat(c.fault()).isNotNull();
        assertThat(new FailurePoint("sendto", FailureTarget.SOCKET, 1, true)).hasToString("sendto on a socket");
    }
}
