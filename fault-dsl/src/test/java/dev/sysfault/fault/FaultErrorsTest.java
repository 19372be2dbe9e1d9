// Every mistake a user can make is refused at once, saying what was wrong and how to write it.
package dev.sysfault.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultErrorsTest {

    @Test
    void unknownSyscallSuggestsTheClosestNames() {
        assertThatThrownBy(() -> Fault.on("getdents65")).isInstanceOf(FaultSpecException.class)
                .hasMessage("unknown syscall \"getdents65\": did you mean getdents64, getdents, eventfd? "
                        + SyscallSet.HOW);
        assertThatThrownBy(() -> Fault.on(9999)).hasMessageStartingWith("there is no x86-64 syscall number 9999");
        assertThatThrownBy(() -> Fault.on()).hasMessageStartingWith("Fault.on() needs at least one syscall");
        assertThatThrownBy(() -> Fault.on("read,write")).hasMessageContaining("Fault.on(\"read\", \"write\")");
        assertThatThrownBy(() -> Fault.parse("/^zzz:error=EIO")).hasMessageContaining("regex \"/^zzz\" matches no syscall");
        assertThatThrownBy(() -> Fault.parse("/(:error=EIO")).hasMessageContaining("bad regex \"/(\"");
        assertThatThrownBy(() -> Fault.parse("none:error=EIO")).hasMessageContaining("\"none\" selects no syscall");
    }

    @Test
    void unknownErrnoAndSignal() {
        assertThatThrownBy(() -> Fault.on("read").fail("ENOTSUPP"))
                .hasMessage("unknown errno \"ENOTSUPP\": did you mean ENOTSUP, EOPNOTSUPP, ENOSPC?"
                        + " Write a name like EIO or a number 1..4095");
        assertThatThrownBy(() -> Fault.on("read").fail(4096)).hasMessageContaining("errno 4096 is out of range");
        assertThatThrownBy(() -> Fault.on("read").signal("SIGUSR3"))
                .hasMessageStartingWith("unknown signal \"SIGUSR3\": did you mean SIGUSR1, SIGUSR2");
        assertThatThrownBy(() -> Fault.on("read").signal("65")).hasMessageContaining("a number too large: the largest signal is 64");
    }

    @Test
    void pathMatcherOnASyscallWithoutAPath() {
        assertThatThrownBy(() -> Fault.on("read", "openat").path("/data/**"))
                .hasMessage("path(\"/data/**\") needs a syscall with a path argument, and read has none;"
                        + " match the descriptor's path with fdPath(\"/data/**\") instead");
        assertThatThrownBy(() -> Fault.on(SyscallClass.NETWORK).path("/x"))
                .hasMessageContaining("and none of \"%network\" has one");
    }

    @Test
    void shortenOnASyscallWithoutAByteCount() {
        assertThatThrownBy(() -> Fault.on("openat").shortenTo(1))
                .hasMessage("shortenTo(1) needs a syscall with a byte count, and openat has none; shorten read,"
                        + " write, pread64, pwrite64, sendto, recvfrom, sendfile, splice, tee or copy_file_range");
        assertThatThrownBy(() -> Fault.on("read").shortenToFraction(1.5)).hasMessageContaining("is outside (0, 1]");
        assertThatThrownBy(() -> Fault.on("read").shortenTo(-1)).hasMessageContaining("a byte count is 0 or more");
    }

    @Test
    void blackholeOnACallThatWaitsForNoPeerOrWithAValue() {
        String calls = "black-hole connect, read, readv, recvfrom, recvmsg, poll, ppoll, select, pselect6,"
                + " epoll_wait, epoll_pwait, epoll_pwait2";
        assertThatThrownBy(() -> Fault.on("write").blackhole())
                .hasMessage("blackhole() needs a syscall with a peer to wait for, and write has none; " + calls);
        assertThatThrownBy(() -> Fault.parse("write:blackhole")).hasMessage("in SPEC \"write:blackhole\", blackhole at"
                + " position 6: blackhole needs a syscall with a peer to wait for, and write has none; " + calls);
        assertThatThrownBy(() -> Fault.parse("connect:blackhole=1")).hasMessage("in SPEC \"connect:blackhole=1\","
                + " \"blackhole=1\" at position 8: blackhole takes no value: write connect:blackhole");
        assertThatThrownBy(() -> Fault.parse("connect:blackhole:error=EIO")).hasMessageContaining(
                "two results for one fault: blackhole and error=EIO");
        assertThat(Fault.on(SyscallClass.NETWORK).blackhole().notes()).singleElement().asString()
                .startsWith("blackhole() keeps the 3 syscalls of \"%network\" with a peer to wait for");
    }

    @Test
    void emptyWhenRangeAndBadTriggers() {
        assertThatThrownBy(() -> Fault.on("read").when(5, 3))
                .hasMessage("empty when-range 5..3: the last call must not come before the first; write when(3, 5)");
        assertThatThrownBy(() -> Fault.on("read").when(0)).hasMessageContaining("the first call is number 1, not 0");
        assertThatThrownBy(() -> Fault.on("read").when(1, 9, 0)).hasMessageContaining("the step must be 1 or more");
        assertThatThrownBy(() -> Fault.on("read").times(0)).hasMessageContaining("leave times out for no limit");
    }

    @Test
    void probabilityOutsideZeroToOne() {
        assertThatThrownBy(() -> Fault.on("read").probability(1.5, 1))
                .hasMessage("probability 1.5 is outside 0..1; write 0.25 for one call in four");
        assertThatThrownBy(() -> Fault.on("read").probability(Double.NaN, 1)).hasMessageContaining("outside 0..1");
    }

    @Test
    void twoResultsOrNoAction() {
        assertThatThrownBy(() -> Fault.on("write").fail(Errno.EIO).returnValue(0))
                .hasMessageStartingWith("two results for one fault: fail(EIO) and returnValue(0)");
        assertThatThrownBy(() -> RuleTable.compile(List.of(Fault.on("read").fail(1), Fault.on("write"))))
                .hasMessageStartingWith("fault 1: \"write\" has no action: add one of fail(Errno.EIO)");
        assertThatThrownBy(() -> Fault.on("read").signal("USR1").signal("USR2")).hasMessageContaining("signal given twice");
    }

    @Test
    void matchersAndDelaysThatCannotWork() {
        assertThatThrownBy(() -> Fault.on("read").arg(6, ArgOp.EQ, 0)).hasMessageContaining("arguments 0..5");
        assertThatThrownBy(() -> Fault.on("read").onlyInCommand("/usr/bin/git")).hasMessageContaining("without slashes");
        assertThatThrownBy(() -> Fault.on("read").fdPath("")).hasMessageContaining("give a glob like");
        assertThatThrownBy(() -> Fault.on("read").delay(Duration.ofMillis(-1))).hasMessageContaining("is negative");
        assertThatThrownBy(() -> Fault.on("read").delay(Duration.ofHours(2))).hasMessageContaining("4294 s");
    }

    @Test
    void specErrorsNameThePartAndItsPosition() {
        assertThatThrownBy(() -> Fault.parse("getdents64:eror=ENOTSUP")).isInstanceOf(FaultSpecException.class)
                .hasMessageStartingWith("in SPEC \"getdents64:eror=ENOTSUP\", key \"eror\" at position 11: unknown key;");
        assertThatThrownBy(() -> Fault.parse("getdents64:error=ENOTSUPP"))
                .hasMessageStartingWith("in SPEC \"getdents64:error=ENOTSUPP\", value \"ENOTSUPP\" of error= at position 17:"
                        + " unknown errno: did you mean ENOTSUP");
        assertThatThrownBy(() -> Fault.parse("getdentz:error=EIO"))
                .hasMessageStartingWith("in SPEC \"getdentz:error=EIO\", syscall set \"getdentz\" at position 0:"
                        + " unknown syscall \"getdentz\": did you mean getdents");
        assertThatThrownBy(() -> Fault.parse("read:error=EIO:when=5..3"))
                .hasMessageContaining("value \"5..3\" of when= at position 20: the last call must not come before the"
                        + " first; write when=3..5");
        assertThatThrownBy(() -> Fault.parse("read:error=EIO:when=x")).hasMessageContaining("write when=F, F+, F+S");
        assertThatThrownBy(() -> Fault.parse("read:delay_enter=fast")).hasMessageContaining("not a number; write delay_enter=100ms");
        assertThatThrownBy(() -> Fault.parse("read:retval=zero")).hasMessageContaining("not a number; write retval=0");
        assertThatThrownBy(() -> Fault.parse("read:when=2")).hasMessageContaining("SPEC at position 0: no action: add error=EIO");
        assertThatThrownBy(() -> Fault.parse("read:error=EIO:error=EIO")).hasMessageContaining("key \"error\" at position 15: it is given twice");
        assertThatThrownBy(() -> Fault.parse("read:error=EIO:retval=0")).hasMessageContaining("two results for one fault");
        assertThatThrownBy(() -> Fault.parse("read:error")).hasMessageContaining("every part after the syscalls is key=value");
        assertThatThrownBy(() -> Fault.parse("read:error=EIO:seed=3")).hasMessageContaining("seed= goes with probability=");
        assertThatThrownBy(() -> Fault.parse("read:error=EIO:probability=150%")).hasMessageContaining("outside 0..1");
        assertThatThrownBy(() -> Fault.parse("read:poke_enter=@arg1=00")).hasMessageContaining("sysfault does not do it");
        assertThatThrownBy(() -> Fault.parse("read:error=EIO:arg=1,gt,3")).hasMessageContaining("OP one of eq ne all any none");
        assertThatThrownBy(() -> Fault.parse(":error=EIO")).hasMessageContaining("names no syscall");
        assertThatThrownBy(() -> Fault.parse("read:error=EIO:path=/x")).hasMessageContaining("read has none");
        assertThatThrownBy(() -> Fault.parse("openat:short=1")).hasMessageContaining("openat has none");
    }
}
