// What one syscall argument is (a path, a descriptor, a buffer, open flags, ...) and how strace prints such a value.
package dev.sysfault.fault.trace;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** One kind per way strace prints an argument; {@link #format} returns null for an argument strace leaves out. */
enum ArgumentKind {
    /** A path string when the event holds it for this argument, else the pointer. */
    PATH,
    /** A file descriptor: signed decimal. */
    FD,
    /** A directory descriptor of an *at call: {@code AT_FDCWD} or decimal. */
    DIRFD,
    OPEN_FLAGS,
    /** The mode of open/openat: printed only when the flags create a file (O_CREAT, O_TMPFILE). */
    CREATE_MODE,
    /** A mode printed always, in octal ({@code 0755}). */
    MODE,
    /** A C int: signed decimal. */
    INT,
    /** A count or size: unsigned decimal. */
    SIZE,
    /** A file offset: signed decimal. */
    OFFSET,
    /** A pointer: {@code NULL} or hex. */
    POINTER,
    /**
     * A read or write buffer: the bytes the event kept, quoted as strace does, with {@code ...} when the call moved
     * more; the pointer when it kept none.
     */
    BUFFER,
    /** A value strace prints in hex ({@code 0} or {@code 0x...}). */
    HEX,
    WHENCE, AT_FLAGS, STATX_FLAGS, STATX_MASK, PROT, MAP_FLAGS, CLOEXEC, SOCK_FLAGS, SOCK_TYPE, ADDRESS_FAMILY,
    RENAME_FLAGS, FCNTL_CMD,
    /** fcntl's third argument, which depends on the command before it. */
    FCNTL_ARG;

    private static final int AT_FDCWD = -100;
    private static final Set<String> FCNTL_WITHOUT_ARG = Set.of("F_GETFD", "F_GETFL", "F_GETOWN", "F_GETSIG",
            "F_GETLEASE", "F_GETPIPE_SZ", "F_GET_SEALS");

    String format(SyscallEvent e, int i) {
        long v = e.arg(i);
        return switch (this) {
            case PATH -> path(e, i);
            case FD, INT -> Integer.toString((int) v);
            case DIRFD -> (int) v == AT_FDCWD ? "AT_FDCWD" : Integer.toString((int) v);
            case OPEN_FLAGS -> LinuxFlags.OPEN.format(v & 0xffffffffL);
            case CREATE_MODE -> creates(e.arg(i - 1)) ? mode(v) : null;
            case MODE -> mode(v);
            case SIZE -> Long.toUnsignedString(v);
            case OFFSET -> Long.toString(v);
            case POINTER -> v == 0 ? "NULL" : hex(v);
            case BUFFER -> e.buffer().map(b -> b + (e.result() > b.length() ? "..." : ""))
                    .orElse(v == 0 ? "NULL" : hex(v));
            case HEX -> hex(v);
            case WHENCE -> named(LinuxFlags.SEEK, v & 0xffffffffL);
            case AT_FLAGS -> LinuxFlags.AT.format(v & 0xffffffffL);
            case STATX_FLAGS -> LinuxFlags.STATX_AT.format(v & 0xffffffffL);
            case STATX_MASK -> LinuxFlags.STATX_MASK.format(v & 0xffffffffL);
            case PROT -> LinuxFlags.PROT.format(v & 0xffffffffL);
            case MAP_FLAGS -> LinuxFlags.MAP.format(v & 0xffffffffL);
            case CLOEXEC -> LinuxFlags.CLOEXEC.format(v & 0xffffffffL);
            case SOCK_FLAGS -> LinuxFlags.SOCK_FLAGS.format(v & 0xffffffffL);
            case SOCK_TYPE -> LinuxFlags.SOCK_TYPE.format(v & 0xffffffffL);
            case ADDRESS_FAMILY -> named(LinuxFlags.ADDRESS_FAMILY, v & 0xffffffffL);
            case RENAME_FLAGS -> LinuxFlags.RENAME.format(v & 0xffffffffL);
            case FCNTL_CMD -> named(LinuxFlags.FCNTL, v & 0xffffffffL);
            case FCNTL_ARG -> fcntlArg(LinuxFlags.FCNTL.get(e.arg(i - 1) & 0xffffffffL), v);
        };
    }

    static boolean creates(long openFlags) {
        return (openFlags & (LinuxFlags.O_CREAT | LinuxFlags.O_TMPFILE_BIT)) != 0;
    }

    static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }

    /** strace's {@code %#03o}: {@code 000}, {@code 0644}, {@code 04755}. */
    static String mode(long v) {
        String octal = "0" + Long.toOctalString(v & 0xffffffffL);
        return octal.length() >= 3 ? octal : "000".substring(octal.length()) + octal;
    }

    private static String path(SyscallEvent e, int i) {
        if (e.path().isPresent() && e.pathArgument() == i) {
            byte[] bytes = e.path().get().getBytes(StandardCharsets.UTF_8);
            return StraceString.quote(bytes, bytes.length) + (e.pathTruncated() ? "..." : "");
        }
        return e.arg(i) == 0 ? "NULL" : hex(e.arg(i));
    }

    private static String named(Map<Long, String> names, long v) {
        String name = names.get(v);
        return name != null ? name : hex(v);
    }

    private static String fcntlArg(String cmd, long v) {
        if (cmd == null) {
            return hex(v);
        }
        if (FCNTL_WITHOUT_ARG.contains(cmd)) {
            return null;
        }
        return switch (cmd) {
            case "F_SETFD" -> LinuxFlags.FD_FLAGS.format(v & 0xffffffffL);
            case "F_SETFL" -> LinuxFlags.OPEN.format(v & 0xffffffffL);
            case "F_GETLK", "F_SETLK", "F_SETLKW", "F_OFD_GETLK", "F_OFD_SETLK", "F_OFD_SETLKW" -> v == 0 ? "NULL"
                    : hex(v);
            default -> Integer.toString((int) v);
        };
    }
}
