// libsysfault.so from the class path: extracted once to a versioned private path, checked, replaced when damaged.
package dev.sysfault.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryTest {

    @TempDir
    Path cache;

    @Test
    void twoCallsGiveTheSameExtractedFile() throws Exception {
        Path first = NativeLibrary.path();
        Path second = NativeLibrary.path();
        assertThat(second).isEqualTo(first);
        byte[] library = NativeLibrary.classPathLibrary();
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
        assertThat(NativeLibrary.classPathLibrary()).isEqualTo(Files.readAllBytes(built));
    }

    @Test
    void aTruncatedExtractedFileIsReplaced() throws Exception {
        byte[] library = NativeLibrary.classPathLibrary();
        Path extracted = NativeLibrary.extract(cache, library);
        Object inode = Files.getAttribute(extracted, "unix:ino");

        assertThat(NativeLibrary.extract(cache, library)).isEqualTo(extracted);
        assertThat(Files.getAttribute(extracted, "unix:ino")).as("a good file is kept").isEqualTo(inode);

        Files.write(extracted, java.util.Arrays.copyOf(library, library.length / 2));
        assertThat(NativeLibrary.extract(cache, library)).isEqualTo(extracted);
        assertThat(Files.readAllBytes(extracted)).isEqualTo(library);

        Files.write(extracted, new byte[10]);
        Files.setPosixFilePermissions(extracted, PosixFilePermissions.fromString("rw-------"));
        assertThat(NativeLibrary.extract(cache, library)).isEqualTo(extracted);
        assertThat(Files.readAllBytes(extracted)).isEqualTo(library);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(extracted))).isEqualTo("rwxr-xr-x");
        try (var left = Files.list(extracted.getParent())) {
            assertThat(left).as("no temporary files are left").containsExactly(extracted);
        }
    }

    @Test
    void aCopyFromAJarIsNamedByItsEntryLikeOneFromBytes() throws Exception {
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
            Path fromBytes = NativeLibrary.extract(cache.resolve("from-bytes"), library);
            assertThat(cache.resolve("from-jar").relativize(copy)).isEqualTo(cache.resolve("from-bytes")
                    .relativize(fromBytes));
            assertThat(Files.readAllBytes(copy)).isEqualTo(library);
        }
    }

    @Test
    void anotherLibraryGetsAnotherDirectory() {
        Path one = NativeLibrary.extract(cache, new byte[] {1, 2, 3});
        Path two = NativeLibrary.extract(cache, new byte[] {1, 2, 4});
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
            assertThatThrownBy(() -> NativeLibrary.classPathLibrary(empty)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("libsysfault.so is not on the class path")
                    .hasMessageContaining("build it with").hasMessageContaining("-Dsysfault.library=");
        }
    }

    @Test
    void anExistingPreloadFollowsTheLibraryAndAnotherLibsysfaultIsDropped() {
        Path lib = Path.of("/x/libsysfault.so");
        assertThat(SyscallFaults.preloadList(lib, null)).isEqualTo("/x/libsysfault.so");
        assertThat(SyscallFaults.preloadList(lib, "/a/one.so:/old/libsysfault.so two.so"))
                .isEqualTo("/x/libsysfault.so /a/one.so two.so");

        try (ProcessResult r = SyscallFaults.command("sh", "-c", "echo \"$LD_PRELOAD\"; grep -c 'libm[.-]' /proc/self/maps")
                .env("LD_PRELOAD", "libm.so.6").run()) {
            assertThat(r.stdout()).as(r.toString()).startsWith(NativeLibrary.path() + " libm.so.6\n");
            assertThat(r.stdout()).doesNotEndWith("\n0\n");
        }
    }
}
