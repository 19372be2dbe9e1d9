// The cache's trust policy: which candidate directory is used, which is refused and what the user is told.
package dev.sysfault.run.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.run.OtherUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheDirectoryTest {

    @TempDir
    Path root;
    final List<String> said = new ArrayList<>();

    private Path dir(String name, String mode) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        return dir;
    }

    /** A sticky, world-writable directory like /tmp, for the last resort (Java sets no sticky bit: chmod does). */
    private Path tmp() throws Exception {
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        assertThat(new ProcessBuilder("chmod", "1777", tmp.toString()).inheritIO().start().waitFor()).isZero();
        return tmp;
    }

    @Test
    void aCandidateInAnotherUsersDirectoryIsRefusedSaidOnceAndTheNextUsed() throws Exception {
        Path xdg = OtherUser.get().directory(root, "other-home").resolve(".cache");
        Path home = dir("home", "rwx------");
        Path chosen = CacheDirectory.choose(Map.of("XDG_CACHE_HOME", xdg.toString(), "HOME", home.toString()), tmp(),
                said);
        assertThat(chosen).isEqualTo(home.resolve(".cache/sysfault"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(chosen))).isEqualTo("rwx------");
        assertThat(said).singleElement().asString()
                .startsWith("sysfault: not using $XDG_CACHE_HOME/sysfault (" + xdg.resolve("sysfault") + ")")
                .contains(xdg.getParent() + " is owned by " + OtherUser.NAME)
                .contains("set XDG_CACHE_HOME to a directory of your own").endsWith("; using " + chosen + " instead");
        assertThat(xdg).as("nothing made in the refused directory").doesNotExist();
    }

    @Test
    void aDirectoryOthersCanWriteIsRefusedUnlessSticky() throws Exception {
        Path home = dir("group-writable-home", "rwxrwxr-x");
        Path chosen = CacheDirectory.choose(Map.of("HOME", home.toString()), tmp(), said);
        assertThat(chosen).as("the sticky directory's entry of our own").isEqualTo(tmp().resolve("sysfault-"
                + CacheDirectory.euid()));
        assertThat(said).singleElement().asString().contains(home + " is writable by its group (mode 0775, not sticky)")
                .contains("set HOME to your own home directory");
    }

    @Test
    void aLinkToAnotherUsersDirectoryIsResolvedAndRefused() throws Exception {
        Path theirs = OtherUser.get().directory(root, "other-home");
        Path home = dir("home", "rwx------");
        Files.createDirectory(home.resolve(".cache"));
        Files.createSymbolicLink(home.resolve(".cache/sysfault"), theirs);
        CacheDirectory.choose(Map.of("HOME", home.toString()), tmp(), said);
        assertThat(said).singleElement().asString().contains(theirs + " is owned by " + OtherUser.NAME);
    }

    @Test
    void withNoCandidateLeftItFailsWithEveryReason() throws Exception {
        OtherUser other = OtherUser.get();
        Path tmp = tmp();
        other.directory(tmp, "sysfault-" + CacheDirectory.euid());   // taken first by the other user
        Path home = dir("open-home", "rwxrwxrwx");
        assertThatThrownBy(() -> CacheDirectory.choose(Map.of("HOME", home.toString()), tmp, said))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sysfault has no cache directory it can trust: not using $HOME/.cache/sysfault")
                .hasMessageContaining(home + " is writable by its group and others")
                .hasMessageContaining("; and not using " + tmp + "/sysfault-<euid>")
                .hasMessageContaining(tmp.resolve("sysfault-" + CacheDirectory.euid()) + " is owned by "
                        + OtherUser.NAME)
                .hasMessageContaining("remove it (it is not yours)");
        assertThat(said).isEmpty();
    }

    @Test
    void aFileIsTrustedOnlyIfOursRegularAndNotWritableByOthers() throws Exception {
        Path file = Files.writeString(root.resolve("file"), "x");
        CacheDirectory.checkFile(file);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> CacheDirectory.checkFile(file))
                .hasMessage(file + " is writable by its group (mode 0664)");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Path link = Files.createSymbolicLink(root.resolve("link"), file);
        assertThatThrownBy(() -> CacheDirectory.checkFile(link)).hasMessage(link + " is not a regular file");

        OtherUser.get().give(file);
        assertThatThrownBy(() -> CacheDirectory.checkFile(file)).hasMessageStartingWith(file + " is owned by "
                + OtherUser.NAME);
    }
}
