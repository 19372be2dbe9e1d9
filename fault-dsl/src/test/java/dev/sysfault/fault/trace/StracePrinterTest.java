// The printer's lines against what strace prints for the same calls: flags, modes, paths, results, pid prefixes.
package dev.sysfault.fault.trace;

import static dev.sysfault.fault.trace.TraceWriter.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StracePrinterTest {

    private static final long AT_FDCWD = -100;
    private static final long PATH = 0x5000;

    @Test
    void theIssuesExample() {
        assertThat(line(call("openat").args(AT_FDCWD, PATH, 02000000).path(1, "/etc/hosts").fails(Errno.ENOENT)
                .injected(0))).isEqualTo("openat(AT_FDCWD, \"/etc/hosts\", O_RDONLY|O_CLOEXEC) = -1 ENOENT"
                        + " (No such file or directory) (INJECTED)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0;          O_RDONLY",
        "1;          O_WRONLY",
        "2;          O_RDWR",
        "3;          O_ACCMODE",
        "0200;       O_RDONLY|O_EXCL",
        "0400;       O_RDONLY|O_NOCTTY",
        "01001;      O_WRONLY|O_TRUNC",
        "02001;      O_WRONLY|O_APPEND",
        "04000;      O_RDONLY|O_NONBLOCK",
        "010001;     O_WRONLY|O_DSYNC",
        "04010001;   O_WRONLY|O_SYNC",
        "020000;     O_RDONLY|O_ASYNC",
        "040000;     O_RDONLY|O_DIRECT",
        "0100000;    O_RDONLY|O_LARGEFILE",
        "0200000;    O_RDONLY|O_DIRECTORY",
        "0400000;    O_RDONLY|O_NOFOLLOW",
        "01000000;   O_RDONLY|O_NOATIME",
        "02000000;   O_RDONLY|O_CLOEXEC",
        "010000000;  O_RDONLY|O_PATH",
        "012000000;  O_RDONLY|O_CLOEXEC|O_PATH",
        "02204000;   O_RDONLY|O_NONBLOCK|O_DIRECTORY|O_CLOEXEC",
        "07777777777; O_ACCMODE|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_SYNC|O_ASYNC|O_DIRECT|O_LARGEFILE|O_TMPFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|0x3f80003c",
        "010000000000; O_RDONLY|0x40000000",
    })
    void everyOpenFlag(long flags, String expected) {
        String args = expected.contains("O_CREAT") || expected.contains("O_TMPFILE") ? expected + ", 000" : expected;
        assertThat(line(call("openat").args(AT_FDCWD, PATH, flags).path(1, "f").returns(3)))
                .isEqualTo(pad("openat(AT_FDCWD, \"f\", " + args + ")") + "= 3");
    }

    @Test
    void theModeIsShownWhenTheFlagsCreateAFile() {
        assertThat(line(call("openat").args(AT_FDCWD, PATH, 01101, 0644).path(1, "/tmp/out").returns(3)))
                .isEqualTo("openat(AT_FDCWD, \"/tmp/out\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3");
        assertThat(line(call("openat").args(AT_FDCWD, PATH, 020200002, 0600).path(1, "/tmp").returns(3)))
                .isEqualTo("openat(AT_FDCWD, \"/tmp\", O_RDWR|O_TMPFILE, 0600) = 3");
        assertThat(line(call("open").args(PATH, 0301, 04755).path(0, "x").fails(Errno.EEXIST)))
                .isEqualTo("open(\"x\", O_WRONLY|O_CREAT|O_EXCL, 04755) = -1 EEXIST (File exists)");
        assertThat(line(call("open").args(PATH, 0, 0777).path(0, "x").returns(3)))
                .isEqualTo(pad("open(\"x\", O_RDONLY)") + "= 3");
        assertThat(line(call("mkdir").args(PATH, 0).path(0, "d").returns(0))).isEqualTo(pad("mkdir(\"d\", 000)") + "= 0");
    }

    @Test
    void aDirfdIsAtFdcwdOrANumber() {
        assertThat(line(call("openat").args(5, PATH, 0).path(1, "x").returns(6))).startsWith("openat(5, \"x\", O_RDONLY)");
        assertThat(line(call("unlinkat").args(AT_FDCWD, PATH, 0x200).path(1, "d").returns(0)))
                .startsWith("unlinkat(AT_FDCWD, \"d\", AT_REMOVEDIR)");
        assertThat(line(call("mkdirat").args(AT_FDCWD, PATH, 0755).path(1, "d").returns(0)))
                .startsWith("mkdirat(AT_FDCWD, \"d\", 0755)");
        assertThat(line(call("newfstatat").args(3, PATH, 0x7ffc0000, 0x1000).path(1, "").returns(0)))
                .startsWith("newfstatat(3, \"\", 0x7ffc0000, AT_EMPTY_PATH)");
        assertThat(line(call("statx").args(AT_FDCWD, PATH, 0x100, 0xfff, 0x7ffc0000).path(1, "/").returns(0)))
                .startsWith("statx(AT_FDCWD, \"/\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_ALL, 0x7ffc0000)");
        assertThat(line(call("renameat2").args(AT_FDCWD, PATH, AT_FDCWD, 0x6000, 1).path(1, "a").returns(0)))
                .startsWith("renameat2(AT_FDCWD, \"a\", AT_FDCWD, 0x6000, RENAME_NOREPLACE)");
    }

    @Test
    void pathsAreQuotedAndEscapedAsStraceDoes() {
        assertThat(path("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(path("tab\tnl\ncr\rff\fvt\u000b")).isEqualTo("\"tab\\tnl\\ncr\\rff\\fvt\\v\"");
        assertThat(path("\u001b[0m")).isEqualTo("\"\\33[0m\"");
        assertThat(path("\u00012")).as("three digits before a digit").isEqualTo("\"\\0012\"");
        assertThat(path("\u0001x")).isEqualTo("\"\\1x\"");
        assertThat(path("\u007f")).isEqualTo("\"\\177\"");
        assertThat(path("caf\u00e9")).as("UTF-8 bytes in octal").isEqualTo("\"caf\\303\\251\"");
    }

    @Test
    void aTruncatedPathEndsInDotsAndAnUnreadableOneIsItsPointer() {
        String longPath = "/" + "d".repeat(200);
        assertThat(line(call("openat").args(AT_FDCWD, PATH, 0).path(1, longPath).fails(Errno.ENAMETOOLONG)))
                .isEqualTo("openat(AT_FDCWD, \"" + longPath.substring(0, 148) + "\"..., O_RDONLY) = -1 ENAMETOOLONG"
                        + " (File name too long)");
        assertThat(line(call("openat").args(AT_FDCWD, 1, 0).unreadablePath(1).fails(Errno.EFAULT)))
                .isEqualTo("openat(AT_FDCWD, 0x1, O_RDONLY)         = -1 EFAULT (Bad address)");
        assertThat(line(call("unlink").args(0).unreadablePath(0).fails(Errno.EFAULT))).startsWith("unlink(NULL)");
        assertThat(line(call("rename").args(PATH, 0x6000).path(0, "a").returns(0)))
                .as("only the first path is recorded").startsWith("rename(\"a\", 0x6000)");
    }

    @Test
    void descriptorsCountsAndPointers() {
        assertThat(line(call("read").args(3, 0x7f0000001000L, 4096).returns(12)))
                .isEqualTo("read(3, 0x7f0000001000, 4096)           = 12");
        assertThat(line(call("write").args(1, 0x1000, -1).fails(Errno.EFAULT)))
                .startsWith("write(1, 0x1000, 18446744073709551615)  = -1 EFAULT");
        assertThat(line(call("pread64").args(3, 0x1000, 10, -1).returns(10))).startsWith("pread64(3, 0x1000, 10, -1)");
        assertThat(line(call("pwrite64").args(3, 0x1000, 10, 4096).returns(10))).startsWith("pwrite64(3, 0x1000, 10, 4096)");
        assertThat(line(call("close").args(3).returns(0))).isEqualTo("close(3)                                = 0");
        assertThat(line(call("close").args(-1).fails(Errno.EBADF))).startsWith("close(-1) ");
        assertThat(line(call("fstat").args(3, 0x7ffc0000).returns(0))).startsWith("fstat(3, 0x7ffc0000)");
        assertThat(line(call("lseek").args(3, -20, 2).returns(80))).startsWith("lseek(3, -20, SEEK_END)");
        assertThat(line(call("getdents64").args(3, 0x1000, 32768).returns(48))).startsWith("getdents64(3, 0x1000, 32768)");
        assertThat(line(call("fsync").args(4).fails(Errno.EIO))).isEqualTo("fsync(4)                                = -1 EIO"
                + " (Input/output error)");
        assertThat(line(call("fdatasync").args(4).returns(0))).startsWith("fdatasync(4)");
        assertThat(line(call("unlink").args(PATH).path(0, "/tmp/x").returns(0))).startsWith("unlink(\"/tmp/x\")");
    }

    @Test
    void memoryCalls() {
        assertThat(line(call("mmap").args(0, 8192, 3, 0x22, -1, 0).returns(0x7f1234560000L)))
                .isEqualTo("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f1234560000");
        assertThat(line(call("mmap").args(0x7f0000000000L, 4096, 5, 0x812, 3, 0x22000).returns(0x7f0000000000L)))
                .isEqualTo("mmap(0x7f0000000000, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3,"
                        + " 0x22000) = 0x7f0000000000");
        assertThat(line(call("mmap").args(0, 4096, 0, 0x22, -1, 0).fails(Errno.ENOMEM)))
                .endsWith("PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)");
        assertThat(line(call("munmap").args(0x7f0000000000L, 4096).returns(0))).startsWith("munmap(0x7f0000000000, 4096)");
    }

    @Test
    void networkCalls() {
        assertThat(line(call("socket").args(2, 0x80001, 6).returns(3)))
                .startsWith("socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 6)");
        assertThat(line(call("socket").args(10, 0x802, 0).returns(3))).startsWith("socket(AF_INET6, SOCK_DGRAM|SOCK_NONBLOCK, 0)");
        assertThat(line(call("connect").args(3, 0x1000, 16).fails(Errno.ECONNREFUSED).injected(1)))
                .isEqualTo("connect(3, 0x1000, 16)                  = -1 ECONNREFUSED (Connection refused) (INJECTED)");
        assertThat(line(call("bind").args(3, 0x1000, 110).returns(0))).startsWith("bind(3, 0x1000, 110)");
        assertThat(line(call("listen").args(3, 4096).returns(0))).startsWith("listen(3, 4096)");
        assertThat(line(call("accept").args(3, 0, 0).returns(4))).startsWith("accept(3, NULL, NULL)");
        assertThat(line(call("accept4").args(3, 0x1000, 0x2000, 0x80000).returns(4)))
                .startsWith("accept4(3, 0x1000, 0x2000, SOCK_CLOEXEC)");
        assertThat(line(call("sendto").args(3, 0x1000, 5, 0x4000, 0, 0).returns(5)))
                .startsWith("sendto(3, 0x1000, 5, 0x4000, NULL, 0)");
        assertThat(line(call("recvfrom").args(3, 0x1000, 100, 0, 0, 0).returns(5)))
                .startsWith("recvfrom(3, 0x1000, 100, 0, NULL, NULL)");
    }

    @Test
    void processCalls() {
        assertThat(line(call("getpid").returns(4321))).isEqualTo("getpid()                                = 4321");
        assertThat(line(call("getppid").returns(1))).startsWith("getppid() ");
        assertThat(line(call("clone").args(0x1200011, 0, 0, 0x7f00000010L, 0).returns(4322)))
                .isEqualTo("clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,"
                        + " child_tidptr=0x7f00000010) = 4322");
        assertThat(line(call("clone").args(0x3d0f00, 0x7f0000ff0L, 0x7f01L, 0x7f02L, 0x7f03L).returns(4323)))
                .isEqualTo("clone(child_stack=0x7f0000ff0, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND"
                        + "|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID,"
                        + " parent_tid=0x7f01, tls=0x7f03, child_tidptr=0x7f02) = 4323");
        assertThat(line(call("clone3").args(0x7ffc0000, 88).returns(4324))).startsWith("clone3(0x7ffc0000, 88)");
        assertThat(line(call("execve").args(PATH, 0x6000, 0x7000).path(0, "/bin/nope").fails(Errno.ENOENT)))
                .isEqualTo("execve(\"/bin/nope\", 0x6000, 0x7000)     = -1 ENOENT (No such file or directory)");
        assertThat(line(call("exit_group").args(3).noReturn())).isEqualTo("exit_group(3)                           = ?");
        assertThat(line(call("rt_sigreturn").args(0x1).noReturn())).isEqualTo("rt_sigreturn()                          = ?");
    }

    @Test
    void descriptorCopiesAndFcntl() {
        assertThat(line(call("dup").args(3).returns(4))).startsWith("dup(3) ");
        assertThat(line(call("dup2").args(3, 1).returns(1))).startsWith("dup2(3, 1) ");
        assertThat(line(call("dup3").args(3, 1, 02000000).returns(1))).startsWith("dup3(3, 1, O_CLOEXEC) ");
        assertThat(line(call("dup3").args(3, 1, 0).returns(1))).startsWith("dup3(3, 1, 0) ");
        assertThat(line(call("fcntl").args(3, 3).returns(0100002)))
                .isEqualTo("fcntl(3, F_GETFL)                       = 0x8002 (flags O_RDWR|O_LARGEFILE)");
        assertThat(line(call("fcntl").args(3, 1).returns(1))).isEqualTo(pad("fcntl(3, F_GETFD)") + "= 0x1 (flags FD_CLOEXEC)");
        assertThat(line(call("fcntl").args(3, 2, 1).returns(0))).startsWith("fcntl(3, F_SETFD, FD_CLOEXEC) ");
        assertThat(line(call("fcntl").args(3, 4, 04002).returns(0))).startsWith("fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) ");
        assertThat(line(call("fcntl").args(3, 1030, 10).returns(10))).startsWith("fcntl(3, F_DUPFD_CLOEXEC, 10) ");
        assertThat(line(call("fcntl").args(3, 6, 0x1000).returns(0))).startsWith("fcntl(3, F_SETLK, 0x1000) ");
    }

    @Test
    void buffersShowTheirFirstBytesAsStraceDoes() {
        assertThat(line(call("write").args(1, 0x1000, 6).buffer("hello\n").returns(6)))
                .isEqualTo(pad("write(1, \"hello\\n\", 6)") + "= 6");
        assertThat(line(call("read").args(3, 0x1000, 4096).buffer("0123456789abcdef0123456789abcdef").returns(100)))
                .isEqualTo("read(3, \"0123456789abcdef0123456789abcdef\"..., 4096) = 100");
        assertThat(line(call("read").args(3, 0x1000, 4096).fails(Errno.EIO)))
                .startsWith("read(3, 0x1000, 4096) ");
    }

    @Test
    void eachSyscallShowsTheArgumentsItTakes() {
        assertThat(line(call("getuid").args(3, 0x7ffd0000).returns(1000))).isEqualTo(pad("getuid()") + "= 1000");
        assertThat(line(call("sendfile").args(4, 3, 0, 4096).returns(4096)))
                .isEqualTo(pad("sendfile(4, 3, NULL, 4096)") + "= 4096");
        assertThat(line(call("getrandom").args(0x1000, 16, 0).returns(16)))
                .isEqualTo(pad("getrandom(0x1000, 16, 0)") + "= 16");
        assertThat(line(call("futex").args(0x1000, 0x81, 1).returns(0)))
                .isEqualTo("futex(0x1000, 0x81, 0x1, 0, 0, 0)       = 0");
        assertThat(line(call(511).returns(-38))).isEqualTo("syscall_0x1ff(0, 0, 0, 0, 0, 0)         = -1 ENOSYS"
                + " (Function not implemented)");
        assertThat(line(call("read").args(3, 0, 1).returns(-530))).endsWith("= -1 ERRNO_530 (Unknown error 530)");
        assertThat(line(call("read").args(3, 0, 1).returns(7).injected(2))).endsWith("= 7 (INJECTED)");
    }

    @Test
    void theSyscallsTheBriefListsAreAllDecoded() {
        for (String name : List.of("openat", "open", "read", "write", "pread64", "pwrite64", "close", "fstat",
                "newfstatat", "statx", "lseek", "mmap", "munmap", "getdents64", "connect", "accept", "accept4", "socket",
                "bind", "listen", "sendto", "recvfrom", "fsync", "fdatasync", "unlink", "unlinkat", "mkdir", "mkdirat",
                "rename", "renameat2", "getpid", "getppid", "clone3", "execve", "exit_group", "rt_sigreturn", "dup",
                "dup2", "dup3", "fcntl")) {
            assertThat(SyscallArguments.of(name)).as(name).isPresent();
        }
    }

    @Test
    void severalThreadsGetStracesPidPrefix() {
        List<SyscallEvent> events = List.of(call("getpid").thread(10, 10).returns(10).event(),
                call("gettid").thread(10, 12345).returns(12345).event());
        assertThat(StracePrinter.print(events)).isEqualTo(
                "[pid    10] getpid()                    = 10\n"
                        + "[pid 12345] gettid()                    = 12345\n");
        assertThat(StracePrinter.print(events.subList(0, 1))).isEqualTo(
                "getpid()                                = 10\n");
    }

    private static String line(TraceWriter.Call c) {
        return StracePrinter.line(c.event());
    }

    private static String path(String p) {
        String line = line(call("unlink").args(PATH).path(0, p.getBytes(StandardCharsets.UTF_8)).returns(0));
        return line.substring("unlink(".length(), line.lastIndexOf(')'));
    }

    private static String pad(String call) {
        return String.format("%-39s ", call);
    }
}
