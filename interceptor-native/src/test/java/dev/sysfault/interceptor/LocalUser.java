// A second local user for the tests of attacks by other users: made with useradd when missing, and commands run as it.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A system account without a home or a login shell. The tests run as root (as CI does); making the
 * account is idempotent, and a concurrent test making the same one is harmless.
 */
record LocalUser(String name, int uid, int gid) {

    static LocalUser ensure(String name) {
        if (ProgramRun.of("id", "-u", name).run().exitCode() != 0) {
            ProgramRun.Result made = ProgramRun.of("useradd", "--system", "--no-create-home",
                    "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name).run();
            assertThat(ProgramRun.of("id", "-u", name).run().exitCode())
                    .as("user %s cannot be made: %s", name, made.describe()).isZero();
        }
        return new LocalUser(name, number("-u", name), number("-g", name));
    }

    private static int number(String option, String name) {
        ProgramRun.Result id = ProgramRun.of("id", option, name).run();
        assertThat(id.exitCode()).as(id.describe()).isZero();
        return Integer.parseInt(id.stdout().trim());
    }

    /** The command run as this user, with no supplementary groups. */
    List<String> runs(String... command) {
        List<String> all = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid,
                "--clear-groups", "--"));
        all.addAll(List.of(command));
        return all;
    }

    /** Makes this user the owner of path and, for a directory, of everything in it; links themselves, not their targets. */
    void owns(Path path) throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.toList()) {
                ownsItself(p);
            }
        }
    }

    /** Makes this user the owner of path alone (a link itself, not its target). */
    void ownsItself(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        view.setOwner(users.lookupPrincipalByName(name));
        view.setGroup(users.lookupPrincipalByGroupName(name));
    }
}
