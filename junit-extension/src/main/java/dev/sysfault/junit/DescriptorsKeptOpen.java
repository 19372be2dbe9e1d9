// Which descriptors a test body's own calls made and did not close again: the only ones that can be its leak.
package dev.sysfault.junit;

import dev.sysfault.fault.trace.SyscallEvent;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Read from the body's scoped trace, in the order the calls ran. A descriptor the body made and then closed is not
 * the body's any more: the JVM's own threads reuse its number (they read their cgroup's files while the body runs),
 * and such a file open at the end must not count as the body's leak.
 */
final class DescriptorsKeptOpen {

    private static final Set<String> MAKE_DESCRIPTORS = Set.of("open", "openat", "openat2", "creat", "socket",
            "accept", "accept4", "dup", "dup2", "dup3", "epoll_create", "epoll_create1", "eventfd", "eventfd2",
            "memfd_create", "timerfd_create", "signalfd4", "inotify_init1");
    private static final long F_DUPFD = 0;
    private static final long F_DUPFD_CLOEXEC = 1030;
    private static final long EBADF = 9;

    private DescriptorsKeptOpen() {
    }

    /** The descriptors {@code calls} made and left open at their end. */
    static Set<Long> of(List<SyscallEvent> calls) {
        Set<Long> open = new HashSet<>();
        for (SyscallEvent e : calls.stream().sorted(Comparator.comparingLong(SyscallEvent::order)).toList()) {
            if (e.noReturn()) {
                continue;
            }
            if (e.result() >= 0 && (MAKE_DESCRIPTORS.contains(e.name())
                    || e.name().equals("fcntl") && (e.arg(1) == F_DUPFD || e.arg(1) == F_DUPFD_CLOEXEC))) {
                open.add(e.result());
            } else if (e.name().equals("close") && e.result() != -EBADF) {
                open.remove(e.arg(0));   // Linux releases the descriptor whatever else close reports
            } else if (e.name().equals("close_range") && e.result() == 0) {
                long first = e.arg(0);
                long last = e.arg(1);
                open.removeIf(fd -> fd >= first && Long.compareUnsigned(fd, last) <= 0);
            }
        }
        return open;
    }
}
