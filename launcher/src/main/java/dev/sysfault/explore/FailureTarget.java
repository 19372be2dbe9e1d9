// What a failure point acts on, and the SPEC matcher that picks out the same calls in a later run.
package dev.sysfault.explore;

/**
 * The file, socket or stream a call acts on, as a rule matcher can name it again.
 *
 * @param kind how the call names it: a path argument, a descriptor's path, or the standard output
 * @param name the path (a path argument as the program passed it, a descriptor's absolute path), or
 *     {@code socket} for every socket, or {@code stdout}
 */
public record FailureTarget(Kind kind, String name) {

    /** How the target is matched: {@code path=}, {@code fd_path=} or {@code arg=0,eq,1}. */
    public enum Kind {
        PATH_ARGUMENT, DESCRIPTOR, SOCKET, STDOUT
    }

    static FailureTarget path(String path) {
        return new FailureTarget(Kind.PATH_ARGUMENT, path);
    }

    static FailureTarget descriptor(String absolutePath) {
        return new FailureTarget(Kind.DESCRIPTOR, absolutePath);
    }

    static final FailureTarget SOCKET = new FailureTarget(Kind.SOCKET, "socket");
    static final FailureTarget STDOUT = new FailureTarget(Kind.STDOUT, "stdout");

    /**
     * The SPEC part that matches the calls on this target, with {@code :} first. Globs have no escapes, so a
     * {@code *}, {@code ?} or {@code :} in a path (a SPEC cannot hold a colon) becomes {@code ?}, which
     * matches that one character; the kernel names every socket {@code socket:[inode]}, new in each run.
     */
    String specMatcher() {
        return switch (kind) {
            case PATH_ARGUMENT -> ":path=" + literal(name);
            case DESCRIPTOR -> ":fd_path=" + literal(name);
            case SOCKET -> ":fd_path=socket?[*]";
            case STDOUT -> ":arg=0,eq,1";
        };
    }

    private static String literal(String path) {
        String prefix = path.startsWith(ANY_DIRECTORY) ? ANY_DIRECTORY : "";
        return prefix + path.substring(prefix.length()).replaceAll("[*?:]", "?");
    }

    private static final String ANY_DIRECTORY = "**/";

    /**
     * The same kind of target named by its file name alone, in any directory: {@code **}{@code /wal.log} for a
     * descriptor, {@code wal.log} for a path argument (a glob without {@code /} matches the last component). For
     * code whose files are in a directory made afresh for each run (a test's {@code @TempDir}), where the full path
     * never comes back.
     */
    public FailureTarget byFileName() {
        if (kind != Kind.PATH_ARGUMENT && kind != Kind.DESCRIPTOR) {
            return this;
        }
        String path = name.replaceAll("/+$", "");
        String file = path.isEmpty() ? name : path.substring(path.lastIndexOf('/') + 1);
        return new FailureTarget(kind, kind == Kind.DESCRIPTOR ? ANY_DIRECTORY + file : file);
    }

    /** As a finding shows it: {@code on /tmp/x/wal.log}, {@code on a socket}, {@code on stdout}. */
    @Override
    public String toString() {
        return switch (kind) {
            case PATH_ARGUMENT, DESCRIPTOR -> name;
            case SOCKET -> "a socket";
            case STDOUT -> "stdout";
        };
    }
}
