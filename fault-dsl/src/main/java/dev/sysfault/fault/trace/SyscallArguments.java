// Which kind each argument of the syscalls the printer decodes is; any other syscall prints six hex arguments.
package dev.sysfault.fault.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

final class SyscallArguments {

    /** One syscall a line: its name, then the kind of each argument it takes, in order. */
    private static final String TABLE = """
            read fd pointer size
            write fd pointer size
            open path open_flags create_mode
            close fd
            stat path pointer
            fstat fd pointer
            lstat path pointer
            lseek fd offset whence
            mmap pointer size prot map_flags fd hex
            mprotect pointer size prot
            munmap pointer size
            brk pointer
            ioctl fd hex hex
            pread64 fd pointer size offset
            pwrite64 fd pointer size offset
            access path int
            dup fd
            dup2 fd fd
            getpid
            socket address_family sock_type int
            connect fd pointer int
            accept fd pointer pointer
            sendto fd pointer size hex pointer int
            recvfrom fd pointer size hex pointer pointer
            bind fd pointer int
            listen fd int
            execve path pointer pointer
            exit int
            fcntl fd fcntl_cmd fcntl_arg
            fsync fd
            fdatasync fd
            rename path path
            mkdir path mode
            rmdir path
            unlink path
            getppid
            gettid
            getdents64 fd pointer size
            exit_group int
            openat dirfd path open_flags create_mode
            mkdirat dirfd path mode
            newfstatat dirfd path pointer at_flags
            unlinkat dirfd path at_flags
            accept4 fd pointer pointer sock_flags
            dup3 fd fd cloexec
            renameat2 dirfd path dirfd path rename_flags
            statx dirfd path statx_flags statx_mask pointer
            clone3 pointer size
            rt_sigreturn
            """;

    /** Syscalls whose result is an address, which strace prints in hex. */
    static final Set<String> ADDRESS_RESULT = Set.of("mmap", "mremap", "brk", "shmat");

    private static final Map<String, List<ArgumentKind>> KINDS = new HashMap<>();

    static {
        for (String line : TABLE.strip().split("\n")) {
            String[] words = line.trim().split(" +");
            List<ArgumentKind> kinds = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                kinds.add(ArgumentKind.valueOf(words[i].toUpperCase(Locale.ROOT)));
            }
            KINDS.put(words[0], List.copyOf(kinds));
        }
    }

    private SyscallArguments() {
    }

    /** The kinds of {@code name}'s arguments, when the printer decodes it. */
    static Optional<List<ArgumentKind>> of(String name) {
        return Optional.ofNullable(KINDS.get(name));
    }
}
