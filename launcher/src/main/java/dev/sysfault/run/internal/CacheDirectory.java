// Where sysfault keeps what processes load (libraries, class archives): a directory no other user can change.
package dev.sysfault.run.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cache holds code that sysfault preloads or maps into processes that may run as root, so it is trusted only
 * if no other user can change anything on its path. The policy, the same as the interceptor's for its patched
 * images ({@code interceptor-native/src/main/c/patcher/cache_dir.c}):
 * <ul>
 * <li>Symbolic links in the configured path are resolved first; then every directory from {@code /} down is looked
 *     at without following links: it must be owned by the effective user or by root and not be writable by group or
 *     others, except a sticky directory (like {@code /tmp}), whose entries only their owners can rename or remove
 *     (and the entry below it must be ours or root's, as every entry is).</li>
 * <li>The cache directory and every directory below it are owned by the effective user and not writable by group
 *     or others; sysfault makes them 0700.</li>
 * <li>Each file used from it is regular (not a link), owned by the effective user and not writable by group or
 *     others ({@link #checkFile}).</li>
 * </ul>
 * Candidates, in order: {@code $XDG_CACHE_HOME/sysfault} (when absolute), {@code $HOME/.cache/sysfault} (when
 * absolute), {@code /tmp/sysfault-<euid>}. A refused candidate is named once, on stderr, with the reason and how to
 * fix it; if none is usable, {@link #get()} fails with all the reasons.
 */
public final class CacheDirectory {

    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final int DIRECTORY_TYPE = 0040000;
    private static final int REGULAR_TYPE = 0100000;
    private static final int TYPE_MASK = 0170000;

    private static Path chosen;
    private static int euid = -1;

    private CacheDirectory() {
    }

    /** The trusted cache directory of this JVM's environment, made if missing. */
    public static synchronized Path get() {
        if (chosen == null || !Files.isDirectory(chosen, LinkOption.NOFOLLOW_LINKS)) {
            List<String> refused = new ArrayList<>();   // not a lambda: a JVM's first costs milliseconds here
            chosen = choose(System.getenv(), Path.of("/tmp"), refused);
            for (String refusal : refused) {
                System.err.println(refusal);
            }
        }
        return chosen;
    }

    /**
     * The first trusted candidate for {@code env} (made if missing), with {@code tmp} as the last resort's parent;
     * what to say about each refused one is added to {@code said} once the choice is made.
     *
     * @throws IllegalStateException if none can be trusted: the message says why for each
     */
    static Path choose(Map<String, String> env, Path tmp, List<String> said) {
        List<String[]> candidates = new ArrayList<>();
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            candidates.add(new String[] {xdg + "/sysfault", "$XDG_CACHE_HOME/sysfault",
                "set XDG_CACHE_HOME to a directory of your own, or unset it"});
        }
        String home = env.get("HOME");
        if (home != null && home.startsWith("/")) {
            candidates.add(new String[] {home + "/.cache/sysfault", "$HOME/.cache/sysfault",
                "set HOME to your own home directory (as `sudo -H` or `su -` do)"});
        }
        candidates.add(new String[] {tmp.resolve("sysfault-" + euid()).toString(), tmp + "/sysfault-<euid>",
            "remove it (it is not yours) or set HOME to your own home directory"});
        List<String> refusals = new ArrayList<>();
        for (String[] candidate : candidates) {
            try {
                Path dir = trusted(Path.of(candidate[0]));
                for (String refusal : refusals) {
                    said.add("sysfault: " + refusal + "; using " + dir + " instead");
                }
                return dir;
            } catch (IOException e) {
                refusals.add("not using " + candidate[1] + " (" + candidate[0] + ") as the cache of the code it"
                        + " loads: " + e.getMessage() + "; " + candidate[2]);
            }
        }
        throw new IllegalStateException("sysfault has no cache directory it can trust: "
                + String.join("; and ", refusals));
    }

    /**
     * {@code dir} after the policy's checks, its real path: the directories above it trusted, it and those made for
     * it (mode 0700) ours.
     *
     * @throws IOException whose message says which directory is wrong and how, if it cannot be trusted or made
     */
    public static Path trusted(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing.getParent() != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw new IOException("cannot resolve " + existing + " (" + e + ")", e);
        }
        Path checked = real.getRoot();
        checkDirectory(checked, false);
        for (Path name : real) {
            checked = checked.resolve(name);
            checkDirectory(checked, checked.equals(real) && existing.equals(absolute));
        }
        for (Path name : existing.relativize(absolute)) {
            checked = checked.resolve(name);
            try {
                Files.createDirectory(checked, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // another process made it first: checked below like one we made
            } catch (IOException e) {
                throw new IOException("cannot make " + checked + " (" + e + ")", e);
            }
            checkDirectory(checked, true);
        }
        return checked;
    }

    /**
     * Throws unless {@code file} is a regular file (not a link), owned by the effective user and not writable by
     * group or others: what may be preloaded, mapped or believed.
     */
    public static void checkFile(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int uid = (Integer) a.get("uid");
        if ((mode & TYPE_MASK) != REGULAR_TYPE) {
            throw new IOException(file + " is not a regular file");
        }
        if (uid != euid()) {
            throw new IOException(file + " is owned by " + owner(file, uid) + ", not by you (uid " + euid() + ")");
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
            throw new IOException(file + " is writable by " + whoMayWrite(mode) + " (mode " + octal(mode) + ")");
        }
    }

    /** Whether {@link #checkFile} passes: a file that does not exist or is not trusted is treated as absent. */
    public static boolean isTrustedFile(Path file) {
        try {
            checkFile(file);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void checkDirectory(Path dir, boolean mustBeOurs) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(dir, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new IOException(dir + " was removed while it was checked", e);
        }
        int mode = (Integer) a.get("mode");
        int uid = (Integer) a.get("uid");
        if ((mode & TYPE_MASK) != DIRECTORY_TYPE) {
            throw new IOException(dir + " is not a directory (a symbolic link put there while it was checked?)");
        }
        if (uid != euid() && (mustBeOurs || uid != 0)) {
            throw new IOException(dir + " is owned by " + owner(dir, uid) + ", not by you (uid " + euid() + ")"
                    + (mustBeOurs ? "" : " or root") + ", so that user could replace what is in it");
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && (mustBeOurs || (mode & STICKY) == 0)) {
            throw new IOException(dir + " is writable by " + whoMayWrite(mode) + " (mode " + octal(mode)
                    + (mustBeOurs ? "" : ", not sticky") + "), who could replace what is in it");
        }
    }

    private static String whoMayWrite(int mode) {
        return (mode & 0020) != 0 && (mode & 0002) != 0 ? "its group and others"
                : (mode & 0020) != 0 ? "its group" : "others";
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    private static String owner(Path path, int uid) {
        try {
            String name = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
            return name.equals(String.valueOf(uid)) ? "uid " + uid : name + " (uid " + uid + ")";
        } catch (IOException e) {
            return "uid " + uid;
        }
    }

    /** This process's effective user id, from {@code /proc/self/status} (a user name could map to another id). */
    public static synchronized int euid() {
        if (euid < 0) {
            // FileInputStream, not Files.readAllLines: channels and decoders cost a fresh JVM milliseconds to load.
            try (FileInputStream in = new FileInputStream("/proc/self/status")) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).split("\n")) {
                    if (line.startsWith("Uid:")) {   // real, effective, saved, file system; split by tabs
                        String[] ids = line.substring(4).trim().split("\t");
                        euid = Integer.parseInt(ids[1].trim());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the effective user id from /proc/self/status", e);
            }
            if (euid < 0) {
                throw new IllegalStateException("/proc/self/status has no Uid: line");
            }
        }
        return euid;
    }
}
