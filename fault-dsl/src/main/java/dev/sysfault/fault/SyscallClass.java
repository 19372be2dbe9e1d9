// strace's syscall classes (%file, %network, ...), as the syscall table marks each syscall.
package dev.sysfault.fault;

import java.util.Locale;
import java.util.Optional;

/** A class of syscalls as strace's {@code -e trace=%file} means it; the table says which syscalls are in it. */
public enum SyscallClass {
    FILE("file"),
    DESC("desc"),
    NETWORK("network"),
    PROCESS("process"),
    SIGNAL("signal"),
    IPC("ipc"),
    MEMORY("memory"),
    CREDS("creds"),
    CLOCK("clock"),
    STAT("stat"),
    LSTAT("lstat"),
    FSTAT("fstat"),
    /** strace's {@code %%stat}: every stat-like call. */
    STAT_LIKE("%stat"),
    STATFS("statfs"),
    FSTATFS("fstatfs"),
    /** strace's {@code %%statfs}: every statfs-like call. */
    STATFS_LIKE("%statfs"),
    PURE("pure");

    private final String tableName;

    SyscallClass(String tableName) {
        this.tableName = tableName;
    }

    /** How strace writes it: {@code %file}, {@code %%stat}. */
    public String spec() {
        return "%" + tableName;
    }

    /** The name used in the generated syscall table's class column. */
    String tableName() {
        return tableName;
    }

    /**
     * The class strace accepts for this token: {@code %file}, {@code %%stat}, {@code %net}, and the
     * legacy bare names {@code file desc memory process signal ipc network} (case-insensitive).
     */
    static Optional<SyscallClass> fromSpec(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        if (t.equals("%net")) {
            return Optional.of(NETWORK);
        }
        for (SyscallClass c : values()) {
            if (t.equals(c.spec())) {
                return Optional.of(c);
            }
        }
        for (SyscallClass c : new SyscallClass[] {DESC, FILE, MEMORY, PROCESS, SIGNAL, IPC, NETWORK}) {
            if (t.equals(c.tableName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
