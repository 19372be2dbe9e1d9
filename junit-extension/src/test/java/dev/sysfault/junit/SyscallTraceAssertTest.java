// The trace assertions against traces of known content, written by TestRecorder: what passes, what fails, and how it reads.
package dev.sysfault.junit;

import static dev.sysfault.junit.SyscallSelection.anySyscall;
import static dev.sysfault.junit.SyscallSelection.syscall;
import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyscallTraceAssertTest {

    static final int AT_FDCWD = -100;
    static final int O_CLOEXEC = 0x80000;

    @TempDir
    Path tmp;

    SyscallTrace trace;

    /**
     * pid 100 reads /etc/hosts and is refused /etc/resolv.conf by rule 0; its thread 101 writes, syncs
     * and renames a log; pid 200 (a child) asks for its parent; pid 100 exits.
     */
    @BeforeEach
    void knownTrace() throws IOException {
        Path file = tmp.resolve("known.trace");
        TestRecorder r = TestRecorder.create(file, TraceOptions.all().capacity(64));
        r.record("openat").args(AT_FDCWD, 0x1000, O_CLOEXEC).path(1, "/etc/hosts").result(3).write();
        r.record("read").args(3, 0x2000, 4096).result(120).write();
        r.record("close").args(3).result(0).write();
        r.record("openat").args(AT_FDCWD, 0x1000, O_CLOEXEC).path(1, "/etc/resolv.conf")
                .errno(Errno.ENOENT.number()).injected(0).write();
        r.record("openat").tid(101).args(AT_FDCWD, 0x3000, 0x241, 0600).path(1, "/data/wal.tmp").result(4).write();
        r.record("write").tid(101).args(4, 0x4000, 100).result(100).write();
        r.record("fsync").tid(101).args(4).result(0).write();
        r.record("rename").tid(101).args(0x3000, 0x5000).path(0, "/data/wal.tmp").result(0).write();
        r.record("getppid").pid(200).result(100).write();
        r.record("exit_group").args(0).noReturn().write();
        trace = SyscallTrace.open(file);
    }

    @Nested
    class Counting {

        @Test
        void onceNeverTimesAtLeastAtMostPassOnTheRightCounts() {
            assertThatCode(() -> {
                assertThat(trace).syscall("openat").withPath("/etc/hosts").succeeded().once();
                assertThat(trace).syscall("openat").withPath("/etc/resolv.conf").failedWith(Errno.ENOENT)
                        .wasInjected().once();
                assertThat(trace).syscall("openat").times(3).atLeast(2).atMost(3).atLeastOnce();
                assertThat(trace).syscall("openat").wasInjected().once();
                assertThat(trace).syscall("openat").notInjected().times(2);
                assertThat(trace).syscall("unlink").never();
                assertThat(trace).syscall("read", "write").times(2);
                assertThat(trace).anySyscall().times(10);
                assertThat(trace).anySyscall().failed().once();
            }).doesNotThrowAnyException();
        }

        @Test
        void filtersByThreadProcessFdResultArgumentAndGlob() {
            assertThatCode(() -> {
                assertThat(trace).anySyscall().inThread(101).times(4);
                assertThat(trace).anySyscall().inProcess(100).times(9);
                assertThat(trace).anySyscall().inProcess(200).once();
                assertThat(trace).syscall("getppid").inProcess(200).withResult(100).once();
                assertThat(trace).syscall("write").withFd(4).withArg(2, 100).withResult(100).once();
                assertThat(trace).anySyscall().withPathMatching("/data/**").times(2);
                assertThat(trace).anySyscall().withPathMatching("/etc/*").times(2);
                assertThat(trace).syscall("openat").matching("O_CLOEXEC", e -> (e.arg(2) & O_CLOEXEC) != 0)
                        .times(2);
            }).doesNotThrowAnyException();
        }

        @Test
        void failedWithMatchesTheErrnoNumberUnderEitherName() throws IOException {
            Path file = tmp.resolve("enotsup.trace");
            TestRecorder r = TestRecorder.create(file, TraceOptions.all().capacity(16));
            r.record("getdents64").args(3).errno(95).injected(0).write();
            SyscallTrace t = SyscallTrace.open(file);

            assertThat(t).syscall("getdents64").failedWith(Errno.ENOTSUP).wasInjected().once();
            assertThat(t).syscall("getdents64").failedWith(Errno.EOPNOTSUPP).once();
            assertThat(t).syscall("getdents64").failedWith(Errno.EIO).never();
        }

        @Test
        void aNoReturnCallNeitherFailedNorSucceeded() {
            assertThat(trace).syscall("exit_group").once();
            assertThat(trace).syscall("exit_group").succeeded().never();
            assertThat(trace).syscall("exit_group").failed().never();
        }

        @Test
        void callsHandsTheSelectionToPlainAssertJ() {
            assertThat(trace).syscall("openat").inProcess(100).calls()
                    .extracting(e -> e.path().orElseThrow())
                    .containsExactly("/etc/hosts", "/etc/resolv.conf", "/data/wal.tmp");
        }

        @Test
        void anUnknownSyscallNameIsRefusedWithTheClosestNames() {
            assertThatIllegalArgumentException().isThrownBy(() -> assertThat(trace).syscall("opneat"))
                    .withMessageContaining("unknown syscall \"opneat\": did you mean openat");
            assertThatIllegalArgumentException().isThrownBy(() -> assertThat(trace).syscall("write").times(-1))
                    .withMessageContaining("negative");
        }
    }

    @Nested
    class FailureMessages {

        @Test
        void tooFewShowsTheExpectedCallAndTheNearestRecordedOnesAsStraceLines() {
            assertThatThrownBy(() -> assertThat(trace).syscall("openat").withPath("/etc/hosts")
                    .failedWith(Errno.ENOENT).once())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting exactly 1 call of\n"
                            + "  openat(…, \"/etc/hosts\", …) = -1 ENOENT (No such file or directory)\n"
                            + "but the trace holds none (of 10 recorded calls)\n"
                            + "Nearest recorded calls:\n"
                            + "  [pid   100] openat(AT_FDCWD, \"/etc/hosts\", O_RDONLY|O_CLOEXEC) = 3\n"
                            + "      (missed: failed with ENOENT)\n"
                            + "  [pid   100] openat(AT_FDCWD, \"/etc/resolv.conf\", O_RDONLY|O_CLOEXEC) = -1 ENOENT"
                            + " (No such file or directory) (INJECTED)\n"
                            + "      (missed: path \"/etc/hosts\")\n"
                            + "  [pid   101] openat(AT_FDCWD, \"/data/wal.tmp\",");
        }

        @Test
        void otherSyscallsComeNearOnlyWhenTheNamedOneWasNeverRecorded() {
            assertThatThrownBy(() -> assertThat(trace).syscall("newfstatat").withPath("/etc/hosts").once())
                    .hasMessageContaining("Nearest recorded calls:\n  [pid   100] openat(AT_FDCWD, \"/etc/hosts\"")
                    .hasMessageContaining("(missed: syscall newfstatat)");
            assertThatThrownBy(() -> assertThat(trace).syscall("close").withFd(4).once())
                    .hasMessageContaining("Nearest recorded calls:\n  [pid   100] close(3)")
                    .hasMessageNotContaining("write(4")
                    .hasMessageNotContaining("fsync(4");
        }

        @Test
        void tooManyListsTheCallsThatShouldNotBeThere() {
            assertThatThrownBy(() -> assertThat(trace).syscall("openat").failed().never())
                    .hasMessageStartingWith("Expecting no call of\n  openat(…) = -1 E…\n"
                            + "but the trace holds 1 (of 10 recorded calls):\n"
                            + "  [pid   100] openat(AT_FDCWD, \"/etc/resolv.conf\", O_RDONLY|O_CLOEXEC) = -1 ENOENT");
        }

        @Test
        void whenNothingComesNearItListsWhatWasRecorded() {
            assertThatThrownBy(() -> assertThat(trace).syscall("connect").atLeastOnce())
                    .hasMessage("Expecting at least 1 call of\n  connect(…)\n"
                            + "but the trace holds none (of 10 recorded calls)\n"
                            + "No recorded call comes near it. Recorded: 10 calls: openat ×3, close ×1, exit_group ×1,"
                            + " fsync ×1, getppid ×1, read ×1, rename ×1, write ×1");
        }

        @Test
        void theExpectedCallShowsThreadFdAndInjectionWhereStraceWould() {
            assertThatThrownBy(() -> assertThat(trace).syscall("write").inThread(101).withFd(4)
                    .withArg(2, 50).wasInjected().once())
                    .hasMessageContaining("  [tid 101] write(4, …, 50, …) (INJECTED)\n")
                    .hasMessageContaining("(missed: argument 2 = 50, injected)");
        }

        @Test
        void aDescriptionGivenWithAsLeadsTheMessage() {
            assertThatThrownBy(() -> assertThat(trace).as("the log").syscall("fdatasync").once())
                    .hasMessageStartingWith("[the log] Expecting exactly 1 call of\n  fdatasync(…)");
        }
    }

    @Nested
    class Order {

        @Test
        void fsyncHappenedBeforeRenameAndRenameAfterFsync() {
            assertThat(trace).syscall("fsync").withFd(4).happenedBefore(syscall("rename").withPath("/data/wal.tmp"));
            assertThat(trace).syscall("rename").happenedAfter(syscall("write").withFd(4));
            assertThat(trace).syscall("openat").inThread(100).happenedBefore(syscall("exit_group"));
        }

        @Test
        void theWrongOrderShowsTheTwoCallsThatBreakIt() {
            assertThatThrownBy(() -> assertThat(trace).syscall("rename").happenedBefore(syscall("fsync")))
                    .hasMessage("Expecting every call of\n  rename(…)\nto happen before every call of\n  fsync(…)\n"
                            + "but\n  [pid   101] fsync(4)                    = 0\nhappened before\n"
                            + "  [pid   101] rename(\"/data/wal.tmp\", 0x5000) = 0\n"
                            + "(recorded calls 7 and 8 of 10)");
        }

        @Test
        void everyCallCountsNotJustTheFirst() {
            // the first openat precedes the fsync, the third does not
            assertThatThrownBy(() -> assertThat(trace).syscall("openat").happenedBefore(syscall("read")))
                    .hasMessageContaining("but\n  [pid   100] read(3,");
        }

        @Test
        void aSideWithoutCallsFailsWithItsNearestCalls() {
            assertThatThrownBy(() -> assertThat(trace).syscall("fsync")
                    .happenedBefore(syscall("rename").withPath("/data/wal")))
                    .hasMessageContaining("but the trace holds no call of\n  rename(\"/data/wal\", …)\n")
                    .hasMessageContaining("(missed: path \"/data/wal\")");
            assertThatThrownBy(() -> assertThat(trace).syscall("fdatasync").happenedBefore(syscall("rename")))
                    .hasMessageContaining("but the trace holds no call of\n  fdatasync(…)\n");
        }
    }

    @Nested
    class LostEvents {

        @Test
        void aTraceThatKeptEverythingHasNoLostEvents() {
            assertThat(trace).hasNoLostEvents();
        }

        @Test
        void aFullStopTraceCountsWhatItDroppedAndTheCountsSayTheyMayBeShort() throws IOException {
            Path file = tmp.resolve("full.trace");
            TestRecorder r = TestRecorder.create(file, TraceOptions.all().capacity(16).stopWhenFull());
            for (int i = 0; i < 20; i++) {
                r.record("getppid").result(1).write();
            }
            SyscallTrace full = SyscallTrace.open(file);

            assertThat(full.events()).hasSize(16);
            assertThat(full.lost()).isEqualTo(4);
            assertThatThrownBy(() -> assertThat(full).hasNoLostEvents())
                    .hasMessageStartingWith("Expecting the trace to have lost no events, but it lost 4 (and holds"
                            + " 16): 4 dropped, 0 overwritten, 0 incomplete");
            assertThatThrownBy(() -> assertThat(full).syscall("getppid").times(20))
                    .hasMessageEndingWith("\nNote: the trace lost 4 events, so calls may be missing from it"
                            + " (a larger capacity keeps them)");
        }

        @Test
        void anEventLeftHalfWrittenIsLostNotSkippedSilently() throws IOException {
            Path file = tmp.resolve("torn.trace");
            TestRecorder r = TestRecorder.create(file, TraceOptions.all().capacity(16));
            r.record("getppid").write();
            r.record("getppid").incomplete().write();
            r.record("getppid").write();
            SyscallTrace torn = SyscallTrace.open(file);

            assertThat(torn).syscall("getppid").times(2);
            assertThatThrownBy(() -> assertThat(torn).hasNoLostEvents()).hasMessageContaining("1 incomplete")
                    .hasMessageContaining("1 half-written: a process died, or was still writing, while recording it")
                    .hasMessageNotContaining("capacity");
            assertThatThrownBy(() -> assertThat(torn).syscall("getppid").times(3))
                    .hasMessageEndingWith("\nNote: the trace lost 1 event, so calls may be missing from it (1 half-written:"
                            + " a process died, or was still writing, while recording it)");
        }
    }

    @Test
    void theSummaryCountsCallsErrorsAndInjectedFaults() {
        assertThat(trace).summary().hasCalls("openat", 3).hasErrors("openat", 1).hasInjected("openat", 1)
                .hasCalls("connect", 0);
        assertThatThrownBy(() -> assertThat(trace).summary().hasNoErrors())
                .hasMessageContaining("Expecting 0 errors of any syscall but the trace has 1:\n")
                .hasMessageContaining("openat");
    }

    @Test
    void aSelectionIsAValueThatTestsEvents() {
        SyscallSelection hosts = syscall("openat").withPath("/etc/hosts");
        SyscallEvent first = trace.events().get(0);

        assertThat(hosts.test(first)).isTrue();
        assertThat(hosts.failed().test(first)).isFalse();
        assertThat(hosts.select(trace.events())).containsExactly(first);
        assertThat(anySyscall().inThread(101).failed()).hasToString("[tid 101] any syscall(…) = -1 E…");
    }
}
