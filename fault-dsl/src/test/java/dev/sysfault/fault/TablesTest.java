// The generated syscall, errno and signal tables load and say what the kernel, strace and glibc say.
package dev.sysfault.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.internal.ErrnoTable;
import dev.sysfault.fault.internal.SignalTable;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TablesTest {

    @Test
    void syscallsHaveNumbersClassesPathsAndCounts() {
        Syscall openat = SyscallTable.byName("openat").orElseThrow();
        assertThat(openat.number()).isEqualTo(257);
        assertThat(openat.classes()).containsExactlyInAnyOrder(SyscallClass.FILE, SyscallClass.DESC);
        assertThat(openat.pathArgs()).isEqualTo(0b10);
        assertThat(SyscallTable.byName("renameat2").orElseThrow().pathArgs()).isEqualTo(0b1010);
        assertThat(SyscallTable.byName("symlinkat").orElseThrow().pathArgs()).isEqualTo(0b101);
        assertThat(SyscallTable.byName("read").orElseThrow().countArg()).isEqualTo(2);
        assertThat(SyscallTable.byName("recvfrom").orElseThrow().countArg()).isEqualTo(2);
        assertThat(SyscallTable.byName("close").orElseThrow().countArg()).isEqualTo(-1);
        assertThat(SyscallTable.byNumber(217).orElseThrow().name()).isEqualTo("getdents64");
        assertThat(SyscallTable.all()).allMatch(s -> s.number() < SyscallTable.MAX_SYSCALLS);
        assertThat(SyscallTable.inClass(SyscallClass.NETWORK)).extracting(Syscall::name).contains("connect", "sendto");
        for (SyscallClass c : SyscallClass.values()) {
            assertThat(SyscallTable.inClass(c)).as("%s", c).isNotEmpty();
        }
    }

    @Test
    void errnosHaveStraceLikeDescriptionsAndAliases() {
        assertThat(ErrnoTable.find("ENOENT").orElseThrow()).hasToString("ENOENT (No such file or directory)");
        assertThat(Errno.ENOTSUP.number()).isEqualTo(95);
        assertThat(Errno.ENOTSUP.description()).isEqualTo("Operation not supported");
        assertThat(ErrnoTable.find("enotsup").orElseThrow().aliasOf()).contains("EOPNOTSUPP");
        assertThat(Errno.EWOULDBLOCK.number()).isEqualTo(Errno.EAGAIN.number());
        assertThat(Errno.EDEADLOCK.number()).isEqualTo(Errno.EDEADLK.number());
        assertThat(ErrnoTable.byNumber(95).orElseThrow().name()).isEqualTo("EOPNOTSUPP");
        assertThat(Arrays.stream(Errno.values()).map(Enum::name).toList())
                .containsExactlyInAnyOrderElementsOf(ErrnoTable.names());
    }

    @Test
    void syscallErrnosAreTheEnvironmentalOnesTheManPagesList() {
        assertThat(SyscallErrnos.of("fsync")).containsExactly(Errno.EIO, Errno.ENOSPC, Errno.EDQUOT, Errno.EROFS,
                Errno.EINTR);
        assertThat(SyscallErrnos.of("read")).containsExactly(Errno.EIO, Errno.EINTR, Errno.EAGAIN);
        // pread64's page is pread's and pwrite's: the read gets the read's errors only.
        assertThat(SyscallErrnos.of("pread64")).doesNotContain(Errno.ENOSPC, Errno.EPIPE);
        assertThat(SyscallErrnos.of("openat")).contains(Errno.ENOENT, Errno.EMFILE, Errno.EACCES);
        assertThat(SyscallErrnos.of("newfstatat")).doesNotContain(Errno.ENOENT); // not an open
        assertThat(SyscallErrnos.of("connect")).contains(Errno.ECONNREFUSED, Errno.ETIMEDOUT);
        assertThat(SyscallErrnos.of("getpid")).isEmpty();
    }

    @Test
    void signalsByEverySpelling() {
        assertThat(SignalTable.find("SIGUSR1")).contains(10);
        assertThat(SignalTable.find("usr1")).contains(10);
        assertThat(SignalTable.find("SIGRTMIN+2")).contains(36);
        assertThat(SignalTable.find("SIGRTMAX")).contains(64);
        assertThat(SignalTable.name(10)).isEqualTo("SIGUSR1");
    }
}
