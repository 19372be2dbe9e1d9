// libsysfault.so from the class path: extracted once to a versioned private path, checked, replaced when damaged.
package dev.sysfault.run.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.run.OtherUser;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.SyscallFaults;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryTest {

    @TempDir
    Path cache;
    @TempDir
    Path classDirectory;
    private int files;

    /** The library as this class path has it (an entry of interceptor-native's jar, or a file of its classes). */
    private static byte[] classPathLibrary() throws IOException {
        try (InputStream in = NativeLibrary.libraryUrl(NativeLibrary.class.getClassLoader()).openStream()) {
            return in.readAllBytes();
        }
    }

    /** {@code library} extracted into {@link #cache} from a class directory's file. */
    private Path extract(byte[] library) throws IOException {
        return NativeLibrary.extract(cache, file(library));
    }

    /** A file of a class directory holding {@code library}, as the class path gives it: by its URL. */
    private URL file(byte[] library) throws IOException {
        Path file = Files.createDirectories(classDirectory.resolve(String.valueOf(files++)))
                .resolve("libsysfault.so");
        Files.write(file, library);
        return file.toUri().toURL();
    }

    @Test
    void twoCallsGiveTheSameExtractedFile() throws Exception {
        Path first = NativeLibrary.path();
        Path second = NativeLibrary.path();
        assertThat(second).isEqualTo(first);
        byte[] library = classPathLibrary();
        String version = NativeLibrary.checksum(library);
        assertThat(first).isEqualTo(NativeLibrary.defaultCacheDirectory().resolve("lib").resolve(version)
                .resolve("libsysfault.so"));
        assertThat(Files.readAllBytes(first)).isEqualTo(library);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void theClassPathCopyIsTheOneInterceptorNativeBuilt() throws Exception {
        Path built = Path.of(System.getProperty("sysfault.native.dir", "../interceptor-native/target/native"),
                "libsysfault.so");
        assertThat(classPathLibrary()).isEqualTo(Files.readAllBytes(built));
    }

    @Test
    void aTruncatedExtractedFileIsReplaced() throws Exception {
        byte[] library = classPathLibrary();
        Path extracted = extract(library);
        Object inode = Files.getAttribute(extracted, "unix:ino");

        assertThat(extract(library)).isEqualTo(extracted);
        assertThat(Files.getAttribute(extracted, "unix:ino")).as("a good file is kept").isEqualTo(inode);

        Files.write(extracted, java.util.Arrays.copyOf(library, library.length / 2));
        assertThat(extract(library)).isEqualTo(extracted);
        assertThat(Files.readAllBytes(extracted)).isEqualTo(library);

        Files.write(extracted, new byte[10]);
        Files.setPosixFilePermissions(extracted, PosixFilePermissions.fromString("rw-------"));
        assertThat(extract(library)).isEqualTo(extracted);
        assertThat(Files.readAllBytes(extracted)).isEqualTo(library);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(extracted))).isEqualTo("rwxr-xr-x");
        try (var left = Files.list(extracted.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary files are left")
                    .containsExactlyInAnyOrder("libsysfault.so", ".libsysfault.so.verified");
        }
    }

    @Test
    void aCopyOfTheRightSizeWithOtherBytesIsReplaced() throws Exception {
        byte[] library = classPathLibrary();
        Path extracted = extract(library);
        byte[] other = library.clone();
        other[other.length / 2] ^= 1;
        Files.write(extracted, other);

        assertThat(extract(library)).isEqualTo(extracted);
        assertThat(Arrays.equals(Files.readAllBytes(extracted), library)).as("the class path's bytes again").isTrue();
    }

    @Test
    void aCopyThatAnotherUserOwnsOrMayWriteIsReplaced() throws Exception {
        byte[] library = classPathLibrary();
        Path extracted = extract(library);
        OtherUser.get().give(extracted);
        assertThat(extract(library)).isEqualTo(extracted);
        assertThat(Files.getAttribute(extracted, "unix:uid")).isEqualTo(CacheDirectory.euid());

        Files.setPosixFilePermissions(extracted, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(extract(library)).isEqualTo(extracted);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(extracted))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void aCopyFromAJarIsNamedByItsEntryLikeOneFromAClassDirectory() throws Exception {
        byte[] library = {1, 2, 3, 4, 5};
        Path jar = cache.resolve("lib.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry(NativeLibrary.RESOURCE));
            out.write(library);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            URL url = loader.getResource(NativeLibrary.RESOURCE);
            assertThat(url.getProtocol()).isEqualTo("jar");
            Path copy = NativeLibrary.extract(cache.resolve("from-jar"), url);
            Path fromBytes = NativeLibrary.extract(cache.resolve("from-bytes"), file(library));
            assertThat(cache.resolve("from-jar").relativize(copy)).isEqualTo(cache.resolve("from-bytes")
                    .relativize(fromBytes));
            assertThat(Files.readAllBytes(copy)).isEqualTo(library);
        }
    }

    @Test
    void anotherLibraryGetsAnotherDirectory() throws Exception {
        Path one = extract(new byte[] {1, 2, 3});
        Path two = extract(new byte[] {1, 2, 4});
        assertThat(one.getParent()).isNotEqualTo(two.getParent());
        assertThat(one.getParent().getParent()).isEqualTo(cache.resolve("lib"));
        assertThat(one.getParent().getFileName().toString()).matches("[0-9a-f]{16}");
    }

    @Test
    void theSystemPropertyWins() throws Exception {
        Path copy = Files.copy(NativeLibrary.path(), cache.resolve("libsysfault.so"));
        String before = System.getProperty(NativeLibrary.PROPERTY);
        try {
            System.setProperty(NativeLibrary.PROPERTY, copy.toString());
            assertThat(NativeLibrary.path()).isEqualTo(copy);
            try (ProcessResult r = SyscallFaults.command("sh", "-c", "echo \"$LD_PRELOAD\"").run()) {
                assertThat(r.stdout()).isEqualTo(copy + "\n");
            }

            System.setProperty(NativeLibrary.PROPERTY, cache.resolve("missing.so").toString());
            assertThatThrownBy(NativeLibrary::path).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("missing.so names no file").hasMessageContaining("build the library with");
        } finally {
            if (before == null) {
                System.clearProperty(NativeLibrary.PROPERTY);
            } else {
                System.setProperty(NativeLibrary.PROPERTY, before);
            }
        }
    }

    @Test
    void noLibraryOnTheClassPathSaysHowToBuildOne() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> NativeLibrary.libraryUrl(empty)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("libsysfault.so is not on the class path")
                    .hasMessageContaining("build it with").hasMessageContaining("-Dsysfault.library=");
        }
    }

    @Test
    void anExistingPreloadFollowsTheLibrary() {
        try (ProcessResult r = SyscallFaults.command("sh", "-c", "echo \"$LD_PRELOAD\"; grep -c 'libm[.-]' /proc/self/maps")
                .env("LD_PRELOAD", "libm.so.6").run()) {
            assertThat(r.stdout()).as(r.toString()).startsWith(NativeLibrary.path() + " libm.so.6\n");
            assertThat(r.stdout()).doesNotEndWith("\n0\n");
        }
    }
}
