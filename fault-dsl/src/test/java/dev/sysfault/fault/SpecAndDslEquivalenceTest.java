// The same fault written as strace's SPEC and in the Java DSL compiles to the same bytes.
package dev.sysfault.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecAndDslEquivalenceTest {

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("getdents64:error=ENOTSUP", Fault.on("getdents64").fail(Errno.ENOTSUP)),
                Arguments.of("getdents64:error=95:when=2+", Fault.on("getdents64").fail(Errno.EOPNOTSUPP).whenFrom(2)),
                Arguments.of("%file:error=EIO:path=/data/wal/**:when=3..5",
                        Fault.on(SyscallClass.FILE).path("/data/wal/**").fail(Errno.EIO).when(3, 5)),
                Arguments.of("write:fd_path=*.log:short=1", Fault.on("write").fdPath("*.log").shortenTo(1)),
                Arguments.of("connect:delay_enter=200ms:times=1",
                        Fault.on("connect").delay(Duration.ofMillis(200)).times(1)),
                Arguments.of("write:retval=0", Fault.on("write").returnValue(0)),
                Arguments.of("connect:blackhole:times=1", Fault.on("connect").blackhole().times(1)),
                Arguments.of("recvfrom,epoll_wait:blackhole", Fault.on("recvfrom", "epoll_wait").blackhole()),
                Arguments.of("read:signal=USR1", Fault.on("read").signal("SIGUSR1")),
                Arguments.of("read:signal=10", Fault.on(0).signal("usr1")),
                Arguments.of("read,write:short=50%:delay_exit=1s",
                        Fault.on("read", "write").shortenToFraction(0.5).delayAfter(Duration.ofSeconds(1))),
                Arguments.of("openat:error=EACCES:arg=2,any,0x40:command=git",
                        Fault.on("openat").arg(2, ArgOp.ANY, 0x40).onlyInCommand("git").fail("eacces")),
                Arguments.of("openat:error=ENOENT:when=2", Fault.on("openat").fail(2).when(2)),
                Arguments.of("write:error=EIO:when=1..9+4", Fault.on("write").fail(Errno.EIO).when(1, 9, 4)),
                Arguments.of("read:error=EINTR:probability=0.1:seed=7", Fault.on("read").fail(Errno.EINTR).probability(0.1, 7)),
                Arguments.of("%network:error=ECONNREFUSED", Fault.on("%net").fail(Errno.ECONNREFUSED)),
                Arguments.of("open:error=EACCES", Fault.on("open", "openat").fail(Errno.EACCES)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void specAndDslCompileToTheSameBytes(String spec, Fault dsl) {
        Fault parsed = Fault.parse(spec);
        assertThat(RuleTable.compile(List.of(parsed)).bytes()).isEqualTo(RuleTable.compile(List.of(dsl)).bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void toSpecReadsBackToTheSameRule(String spec, Fault dsl) {
        assertThat(Fault.parse(dsl.toSpec()).toRule()).isEqualTo(dsl.toRule());
    }
}
