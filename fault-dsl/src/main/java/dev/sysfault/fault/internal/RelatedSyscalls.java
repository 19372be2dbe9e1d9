// Which syscalls do the same job another way (fsync and fdatasync, write and sendfile): a fault on one can miss.
package dev.sysfault.fault.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Families of syscalls that code (or the library it calls) picks between for one job: SQLite syncs with
 * {@code fdatasync}, JDK 17's {@code Files.copy} writes with {@code sendfile}, glibc opens with {@code openat}. When a
 * fault on one never fires, its relatives are where the code's calls went. A syscall may be in several families
 * ({@code sendfile} reads and writes).
 */
public final class RelatedSyscalls {

    /** One family a line: its job, then its members. */
    private static final String FAMILIES = """
            sync fsync fdatasync sync_file_range syncfs msync sync
            write write pwrite64 writev pwritev pwritev2 sendfile copy_file_range splice vmsplice sendto sendmsg sendmmsg
            read read pread64 readv preadv preadv2 sendfile copy_file_range splice recvfrom recvmsg recvmmsg
            open open openat openat2 creat open_by_handle_at
            stat stat lstat fstat newfstatat statx
            statfs statfs fstatfs
            list getdents getdents64
            close close close_range
            remove unlink unlinkat rmdir
            rename rename renameat renameat2
            mkdir mkdir mkdirat
            link link linkat symlink symlinkat
            readlink readlink readlinkat
            access access faccessat faccessat2
            chmod chmod fchmod fchmodat
            chown chown fchown lchown fchownat
            resize truncate ftruncate fallocate
            times utime utimes utimensat futimesat
            connect connect
            accept accept accept4
            wait poll ppoll select pselect6 epoll_wait epoll_pwait epoll_pwait2
            sleep nanosleep clock_nanosleep
            spawn fork vfork clone clone3
            exec execve execveat
            reap wait4 waitid
            dup dup dup2 dup3 fcntl
            pipe pipe pipe2
            socket socket socketpair
            map mmap munmap mremap mprotect
            """;

    /** Syscalls of the families above whose argument 0 is a file descriptor: their calls are shown with its path. */
    private static final Set<String> ON_A_DESCRIPTOR = Set.of("fsync", "fdatasync", "sync_file_range", "syncfs",
            "write", "pwrite64", "writev", "pwritev", "pwritev2", "sendfile", "copy_file_range", "splice", "sendto",
            "sendmsg", "sendmmsg", "read", "pread64", "readv", "preadv", "preadv2", "recvfrom", "recvmsg",
            "recvmmsg", "fstat", "fstatfs", "getdents", "getdents64", "close", "fchmod", "fchown", "ftruncate",
            "fallocate", "connect", "accept", "accept4", "dup", "dup2", "dup3", "fcntl");

    // Package-private for RelatedSyscallsTest, which checks that the syscall table has every name (this package
    // reads no API class, so the check is a test rather than a static block).
    static final List<List<String>> TABLE = FAMILIES.strip().lines()
            .map(line -> List.of(line.trim().split(" +")))
            .map(words -> words.subList(1, words.size()))
            .toList();

    private RelatedSyscalls() {
    }

    /** The syscalls in a family with any of {@code names}, {@code names} themselves first, each once. */
    public static Set<String> of(Collection<String> names) {
        Set<String> related = new LinkedHashSet<>(names);
        for (List<String> family : TABLE) {
            if (family.stream().anyMatch(names::contains)) {
                related.addAll(family);
            }
        }
        return related;
    }

    /**
     * Which of {@code name}'s arguments are file descriptors (as far as the families above go): argument 0, and for the
     * calls that move bytes between two descriptors both (sendfile's out and in, copy_file_range's and splice's in
     * and out); none for a call that acts on no descriptor.
     */
    public static int[] descriptorArguments(String name) {
        return switch (name) {
            case "sendfile" -> new int[] {0, 1};
            case "copy_file_range", "splice" -> new int[] {0, 2};
            default -> ON_A_DESCRIPTOR.contains(name) ? new int[] {0} : new int[0];
        };
    }
}
