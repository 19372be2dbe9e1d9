// Names users type for what glibc really calls (open -> openat, stat -> newfstatat), each with its reason.
package dev.sysfault.fault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A name a user types that glibc 2.31..2.43 answers with other syscalls. The calls were checked with
 * strace against perl in Debian bullseye (2.31), bookworm (2.36), trixie (2.41) and sid (2.43).
 */
record SyscallAliases(List<String> targets, String reason) {

    private static final Map<String, SyscallAliases> ALIASES = Map.ofEntries(
            alias("open", "glibc opens files with openat", "open", "openat"),
            alias("creat", "glibc's creat() calls openat", "creat", "openat"),
            alias("stat", "glibc 2.33 and later stat with newfstatat, programs like ls with statx",
                    "stat", "newfstatat", "statx"),
            alias("lstat", "glibc 2.33 and later lstat with newfstatat, programs like ls with statx",
                    "lstat", "newfstatat", "statx"),
            alias("fstat", "glibc 2.33 to 2.38 fstat with newfstatat(fd, \"\", AT_EMPTY_PATH)", "fstat", "newfstatat"),
            alias("stat64", "glibc's stat64() calls newfstatat (stat on 2.31)", "stat", "newfstatat"),
            alias("lstat64", "glibc's lstat64() calls newfstatat (lstat on 2.31)", "lstat", "newfstatat"),
            alias("fstat64", "glibc's fstat64() calls fstat or newfstatat", "fstat", "newfstatat"),
            alias("fstatat", "glibc's fstatat() is the newfstatat syscall", "newfstatat"),
            alias("fstatat64", "glibc's fstatat64() is the newfstatat syscall", "newfstatat"),
            alias("getdents", "glibc reads directories with getdents64", "getdents", "getdents64"),
            alias("readdir", "glibc's readdir() calls getdents64", "getdents64"),
            alias("select", "glibc after 2.31 selects with pselect6", "select", "pselect6"),
            alias("utime", "glibc after 2.31 sets times with utimensat", "utime", "utimensat"),
            alias("utimes", "glibc after 2.31 sets times with utimensat", "utimes", "utimensat"),
            alias("nanosleep", "glibc sleeps with clock_nanosleep", "nanosleep", "clock_nanosleep"),
            alias("sleep", "glibc's sleep() calls clock_nanosleep", "clock_nanosleep"),
            alias("usleep", "glibc's usleep() calls clock_nanosleep", "clock_nanosleep"),
            alias("fork", "glibc's fork() calls clone", "fork", "clone"),
            alias("wait", "glibc's wait() calls wait4", "wait4"),
            alias("waitpid", "glibc's waitpid() calls wait4", "wait4"),
            alias("pread", "the syscall is pread64", "pread64"),
            alias("pwrite", "the syscall is pwrite64", "pwrite64"),
            alias("sigaction", "the syscall is rt_sigaction", "rt_sigaction"),
            alias("signal", "glibc's signal() calls rt_sigaction", "rt_sigaction"),
            alias("sigprocmask", "the syscall is rt_sigprocmask", "rt_sigprocmask"),
            alias("getrlimit", "glibc's getrlimit() calls prlimit64", "prlimit64"),
            alias("setrlimit", "glibc's setrlimit() calls prlimit64", "prlimit64"));

    private static Map.Entry<String, SyscallAliases> alias(String name, String reason, String... targets) {
        return Map.entry(name, new SyscallAliases(List.of(targets), reason));
    }

    static Optional<SyscallAliases> of(String name) {
        return Optional.ofNullable(ALIASES.get(name));
    }

    /** The note a fault carries: {@code open also matches openat: glibc opens files with openat}. */
    String note(String name) {
        List<String> others = targets.stream().filter(t -> !t.equals(name)).toList();
        return name + (targets.contains(name) ? " also matches " : " means ") + String.join(" and ", others)
                + ": " + reason;
    }
}
