// The calls a JVM makes for itself on any thread: a fault on one of them could break the test JVM beyond the body.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.Syscall;
import dev.sysfault.fault.SyscallTable;
import java.util.Optional;
import java.util.Set;

/**
 * Read by {@link InProcess}: a test runs in the test JVM itself only with faults that spare these. The JVM makes them
 * on a test's thread too: loading classes from jars and the runtime image (an {@code openat} fault would fail a class
 * load, which the JVM then never tries again), memory, locks and parking, signals, threads. In a worker, a JVM
 * broken by such a fault is thrown away.
 */
final class JvmOwnCalls {

    static final Set<String> NAMES = Set.of("open", "openat", "openat2", "read", "pread64", "readv", "preadv",
            "lseek", "close", "fstat", "newfstatat", "stat", "lstat", "statx", "access", "faccessat", "faccessat2",
            "readlink", "readlinkat", "getdents64", "getcwd", "mmap", "munmap", "mprotect", "madvise", "mremap", "brk",
            "futex", "sched_yield", "nanosleep", "clock_nanosleep", "clock_gettime", "gettimeofday",
            "rt_sigprocmask", "rt_sigaction", "rt_sigreturn", "sigaltstack", "tgkill", "tkill", "clone", "clone3",
            "set_robust_list", "rseq", "exit", "gettid", "getpid", "sched_getaffinity", "prctl", "sysinfo",
            "getrusage");

    private JvmOwnCalls() {
    }

    /** A fault that can only fail the body's own calls: it raises no signal (which may end the process) and is on none of these. */
    static boolean spares(Fault fault) {
        return !fault.raisesSignal() && fault.syscalls().stream().map(SyscallTable::byNumber)
                .flatMap(Optional::stream).map(Syscall::name).noneMatch(NAMES::contains);
    }
}
