// The sentences about faults that never fired, from counters and events as a run leaves them.
package dev.sysfault.run.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.SyscallClass;
import dev.sysfault.fault.SyscallTable;
import dev.sysfault.fault.trace.SyscallEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnfiredFaultsTest {

    private final List<SyscallEvent> events = new ArrayList<>();

    @Test
    void aDescriptorIsNamedByThePathItWasOpenedWithUntilItIsClosed() {
        call("openat", -100, 5, "/data/app.db");
        call("fdatasync", 5, 0, null);
        call("close", 5, 0, null);
        call("fdatasync", 5, 0, null);

        assertThat(describe(Fault.on("fsync").fail(Errno.EIO), 0, 0)).containsExactly("F never fired: it matched no"
                + " call. The body made no fsync; it made fdatasync ×2 on /data/app.db, fd 5.");
    }

    @Test
    void callsOfTheFaultsOwnSyscallThatItDidNotMatchAreShownFirst() {
        call("openat", -100, 3, "/data/other.db");
        call("fsync", 3, 0, null);
        call("fdatasync", 3, 0, null);

        assertThat(describe(Fault.on("fsync").fdPath("**/app.db").fail(Errno.EIO), 0, 0)).containsExactly(
                "F never fired: it matched no call. The body made fsync ×1 on /data/other.db; of the calls like it,"
                        + " fdatasync ×1 on /data/other.db.");
    }

    @Test
    void aProbabilityThatPickedNoneAndAFiredOrOptionalFaultAreSaidApart() {
        Fault chance = Fault.on("fsync").fail(Errno.EIO).probability(0.01, 7);
        assertThat(describe(chance, 3, 0)).singleElement().asString()
                .startsWith("F never fired: it matched 3 calls but fired 0 times (probability=0.01:seed=7 picked"
                        + " none of them).");
        assertThat(describe(chance, 3, 1)).isEmpty();
        assertThat(describe(chance.optional(), 3, 0)).isEmpty();
        assertThat(describe(Fault.on("write").shortenTo(1000), 2, 0)).singleElement().asString()
                .startsWith("F never fired: it matched 2 calls but fired 0 times (short=1000 shortened none of"
                        + " them).");
    }

    @Test
    void aFaultOnAWholeClassListsNoRelatives() {
        call("openat", -100, 3, "/etc/hosts");

        assertThat(describe(Fault.on(SyscallClass.NETWORK).fail(Errno.EIO), 0, 0)).singleElement().asString()
                .endsWith("The body made no call of its " + Fault.on(SyscallClass.NETWORK).syscalls().size()
                        + " syscalls.");
    }

    @Test
    void callsAnEarlierFaultTookAreCounted() {
        call("openat", -100, 3, "/data/app.db");
        events.add(event(events.size(), "fsync", 3, -5, 0));
        Fault first = Fault.on("fsync").fail(Errno.EIO);
        Fault second = Fault.on("fsync").fdPath("**/app.db").fail(Errno.ENOSPC);

        assertThat(UnfiredFaults.describe(List.of(first, second), List.of("F1", "F2"), new RuleCounters(List.of(
                new RuleCounters.Counter(1, 1), new RuleCounters.Counter(0, 0))), () -> events, "the body"))
                .containsExactly("F2 never fired: it matched no call. The body made fsync ×1 on /data/app.db; 1 of"
                        + " them went to F1, before it in rule order.");
    }

    private List<String> describe(Fault fault, long matched, long fired) {
        return UnfiredFaults.describe(List.of(fault), List.of("F"),
                new RuleCounters(List.of(new RuleCounters.Counter(matched, fired))), () -> events, "the body");
    }

    private void call(String name, long arg0, long result, String path) {
        int n = events.size();
        events.add(new SyscallEvent(n, n, n, 100, 100, SyscallTable.byName(name).orElseThrow().number(), name,
                List.of(arg0, 0L, 0L, 0L, 0L, 0L), result, false, false, -1, Optional.ofNullable(path),
                path == null ? -1 : 1, false, false, Optional.empty(), false, Optional.empty()));
    }

    /** A call on a descriptor that rule {@code rule} answered with {@code result}. */
    private static SyscallEvent event(int n, String name, long fd, long result, int rule) {
        return new SyscallEvent(n, n, n, 100, 100, SyscallTable.byName(name).orElseThrow().number(), name,
                List.of(fd, 0L, 0L, 0L, 0L, 0L), result, true, false, rule, Optional.empty(), -1, false, false, Optional.empty(), false, Optional.empty());
    }
}
