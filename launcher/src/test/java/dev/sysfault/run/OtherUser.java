// A second local user for the trust tests: made once with useradd, so that a test can plant files another user owns.
package dev.sysfault.run;

import dev.sysfault.run.internal.CacheDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The user {@value #NAME}: an attacker's stand-in, who owns what it plants and can write its own directories. */
public final class OtherUser {

    public static final String NAME = "sysfault-other";

    private final int uid;

    private OtherUser(int uid) {
        this.uid = uid;
    }

    /** The user, made if missing (idempotently: another JVM may make it at the same time); skips unless root. */
    public static OtherUser get() throws IOException, InterruptedException {
        Assumptions.assumeTrue(CacheDirectory.euid() == 0, "planting another user's files needs root to make that"
                + " user (useradd) and give it files (chown); CI runs as root");
        if (id() < 0) {
            run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME));
        }
        int uid = id();
        if (uid < 0) {
            throw new IllegalStateException("useradd did not make " + NAME);
        }
        return new OtherUser(uid);
    }

    public int uid() {
        return uid;
    }

    /** A directory of this user's below {@code parent}, mode 0755: where it can plant whatever it likes. */
    public Path directory(Path parent, String name) throws IOException {
        Path dir = Files.createDirectory(parent.resolve(name));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        give(dir);
        return dir;
    }

    /** Gives {@code path} and everything below it to this user, as if it had made them. */
    public void give(Path path) throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static int id() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u", NAME).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? Integer.parseInt(out) : -1;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 && id() < 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
