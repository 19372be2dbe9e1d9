// The x86-64 values of the flag arguments the printer decodes, named and ordered as strace prints them.
package dev.sysfault.fault.trace;

import java.util.Map;

final class LinuxFlags {

    static final long O_CREAT = 0100;
    static final long O_TMPFILE_BIT = 020000000; // __O_TMPFILE: O_TMPFILE is it with O_DIRECTORY

    /** open, openat, fcntl(F_SETFL); O_LARGEFILE is 0100000 in the kernel's (and strace's) view of x86-64. */
    static final FlagSet OPEN = FlagSet.withField("O_RDONLY", 3,
            Map.of(0L, "O_RDONLY", 1L, "O_WRONLY", 2L, "O_RDWR", 3L, "O_ACCMODE"),
            "O_CREAT", 0100, "O_EXCL", 0200, "O_NOCTTY", 0400, "O_TRUNC", 01000, "O_APPEND", 02000,
            "O_NONBLOCK", 04000, "O_SYNC", 04010000, "O_DSYNC", 010000, "O_ASYNC", 020000, "O_DIRECT", 040000,
            "O_LARGEFILE", 0100000, "O_TMPFILE", 020200000, "O_DIRECTORY", 0200000, "O_NOFOLLOW", 0400000,
            "O_NOATIME", 01000000, "O_CLOEXEC", 02000000, "O_PATH", 010000000);

    static final FlagSet CLOEXEC = FlagSet.of("0", "O_CLOEXEC", 02000000);

    static final FlagSet FD_FLAGS = FlagSet.of("0", "FD_CLOEXEC", 1);

    static final FlagSet AT = FlagSet.of("0", "AT_SYMLINK_NOFOLLOW", 0x100, "AT_REMOVEDIR", 0x200,
            "AT_SYMLINK_FOLLOW", 0x400, "AT_NO_AUTOMOUNT", 0x800, "AT_EMPTY_PATH", 0x1000, "AT_RECURSIVE", 0x8000);

    static final FlagSet STATX_AT = FlagSet.withField("AT_STATX_SYNC_AS_STAT", 0x6000,
            Map.of(0L, "AT_STATX_SYNC_AS_STAT", 0x2000L, "AT_STATX_FORCE_SYNC", 0x4000L, "AT_STATX_DONT_SYNC"),
            "AT_SYMLINK_NOFOLLOW", 0x100, "AT_NO_AUTOMOUNT", 0x800, "AT_EMPTY_PATH", 0x1000);

    static final FlagSet STATX_MASK = FlagSet.of("0", "STATX_ALL", 0xfff, "STATX_BASIC_STATS", 0x7ff,
            "STATX_TYPE", 1, "STATX_MODE", 2, "STATX_NLINK", 4, "STATX_UID", 8, "STATX_GID", 0x10,
            "STATX_ATIME", 0x20, "STATX_MTIME", 0x40, "STATX_CTIME", 0x80, "STATX_INO", 0x100, "STATX_SIZE", 0x200,
            "STATX_BLOCKS", 0x400, "STATX_BTIME", 0x800, "STATX_MNT_ID", 0x1000, "STATX_DIOALIGN", 0x2000);

    static final FlagSet PROT = FlagSet.of("PROT_NONE", "PROT_READ", 1, "PROT_WRITE", 2, "PROT_EXEC", 4,
            "PROT_SEM", 8, "PROT_GROWSDOWN", 0x01000000, "PROT_GROWSUP", 0x02000000);

    static final FlagSet MAP = FlagSet.withField("0", 0xf,
            Map.of(1L, "MAP_SHARED", 2L, "MAP_PRIVATE", 3L, "MAP_SHARED_VALIDATE"),
            "MAP_FIXED", 0x10, "MAP_ANONYMOUS", 0x20, "MAP_32BIT", 0x40, "MAP_GROWSDOWN", 0x100,
            "MAP_DENYWRITE", 0x800, "MAP_EXECUTABLE", 0x1000, "MAP_LOCKED", 0x2000, "MAP_NORESERVE", 0x4000,
            "MAP_POPULATE", 0x8000, "MAP_NONBLOCK", 0x10000, "MAP_STACK", 0x20000, "MAP_HUGETLB", 0x40000,
            "MAP_SYNC", 0x80000, "MAP_FIXED_NOREPLACE", 0x100000);

    static final FlagSet SOCK_FLAGS = FlagSet.of("0", "SOCK_CLOEXEC", 02000000, "SOCK_NONBLOCK", 04000);

    static final FlagSet SOCK_TYPE = FlagSet.withField("0", 0xf,
            Map.of(1L, "SOCK_STREAM", 2L, "SOCK_DGRAM", 3L, "SOCK_RAW", 4L, "SOCK_RDM", 5L, "SOCK_SEQPACKET",
                    6L, "SOCK_DCCP", 10L, "SOCK_PACKET"),
            "SOCK_CLOEXEC", 02000000, "SOCK_NONBLOCK", 04000);

    static final FlagSet RENAME = FlagSet.of("0", "RENAME_NOREPLACE", 1, "RENAME_EXCHANGE", 2, "RENAME_WHITEOUT", 4);

    static final FlagSet CLONE = FlagSet.of("0", "CLONE_VM", 0x100, "CLONE_FS", 0x200, "CLONE_FILES", 0x400,
            "CLONE_SIGHAND", 0x800, "CLONE_PIDFD", 0x1000, "CLONE_PTRACE", 0x2000, "CLONE_VFORK", 0x4000,
            "CLONE_PARENT", 0x8000, "CLONE_THREAD", 0x10000, "CLONE_NEWNS", 0x20000, "CLONE_SYSVSEM", 0x40000,
            "CLONE_SETTLS", 0x80000, "CLONE_PARENT_SETTID", 0x100000, "CLONE_CHILD_CLEARTID", 0x200000,
            "CLONE_DETACHED", 0x400000, "CLONE_UNTRACED", 0x800000, "CLONE_CHILD_SETTID", 0x1000000,
            "CLONE_NEWCGROUP", 0x2000000, "CLONE_NEWUTS", 0x4000000, "CLONE_NEWIPC", 0x8000000,
            "CLONE_NEWUSER", 0x10000000, "CLONE_NEWPID", 0x20000000, "CLONE_NEWNET", 0x40000000,
            "CLONE_IO", 0x80000000L);

    static final Map<Long, String> SEEK = Map.of(0L, "SEEK_SET", 1L, "SEEK_CUR", 2L, "SEEK_END", 3L, "SEEK_DATA",
            4L, "SEEK_HOLE");

    static final Map<Long, String> ADDRESS_FAMILY = Map.of(0L, "AF_UNSPEC", 1L, "AF_UNIX", 2L, "AF_INET", 10L,
            "AF_INET6", 16L, "AF_NETLINK", 17L, "AF_PACKET");

    static final Map<Long, String> FCNTL = Map.ofEntries(Map.entry(0L, "F_DUPFD"), Map.entry(1L, "F_GETFD"),
            Map.entry(2L, "F_SETFD"), Map.entry(3L, "F_GETFL"), Map.entry(4L, "F_SETFL"), Map.entry(5L, "F_GETLK"),
            Map.entry(6L, "F_SETLK"), Map.entry(7L, "F_SETLKW"), Map.entry(8L, "F_SETOWN"), Map.entry(9L, "F_GETOWN"),
            Map.entry(10L, "F_SETSIG"), Map.entry(11L, "F_GETSIG"), Map.entry(36L, "F_OFD_GETLK"),
            Map.entry(37L, "F_OFD_SETLK"), Map.entry(38L, "F_OFD_SETLKW"), Map.entry(1024L, "F_SETLEASE"),
            Map.entry(1025L, "F_GETLEASE"), Map.entry(1026L, "F_NOTIFY"), Map.entry(1030L, "F_DUPFD_CLOEXEC"),
            Map.entry(1031L, "F_SETPIPE_SZ"), Map.entry(1032L, "F_GETPIPE_SZ"), Map.entry(1033L, "F_ADD_SEALS"),
            Map.entry(1034L, "F_GET_SEALS"));

    private LinuxFlags() {
    }
}
