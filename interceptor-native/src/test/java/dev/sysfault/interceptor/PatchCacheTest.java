// The start-up caches: a plan and a patched image per glibc build, reused by later processes, never trusted blindly.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first process under libsysfault.so plans the patches and stores the plan and the patched
 * text with its trampolines in SYSFAULT_CACHE_DIR; later processes map that image instead of
 * patching. Each way must give the program the same behaviour.
 */
class PatchCacheTest {

    private static final String ENOTSUP_MESSAGE = "ls: reading directory '.': Operation not supported\n";

    @TempDir
    Path cache;

    @TempDir
    Path listed;

    @BeforeEach
    void fillListedDirectory() throws IOException {
        Files.writeString(listed.resolve("a"), "a");
    }

    private ProgramRun.Result lsUnderHook(String cacheDir) {
        return ProgramRun.of("ls").in(listed).env("SYSFAULT_CACHE_DIR", cacheDir)
                .preload(NativeBuild.preload("getdents_enotsup")).run();
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.sorted().toList();
        }
    }

    private void assertInjected(ProgramRun.Result result) {
        assertThat(result.stderr()).as(result.describe()).isEqualTo(ENOTSUP_MESSAGE);
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
    }

    @Test
    void theFirstProcessStoresAPlanAndAnImageThatTheNextOneMaps() throws IOException {
        assertInjected(lsUnderHook(cache.toString()));
        assertThat(cacheFiles()).extracting(p -> p.getFileName().toString())
                .anySatisfy(name -> assertThat(name).startsWith("libc.so.6-").endsWith(".plan"))
                .anySatisfy(name -> assertThat(name).startsWith("libc.so.6-").endsWith(".image"));

        assertInjected(lsUnderHook(cache.toString()));

        // The second process runs glibc's text from the image: its mapping names the image file.
        ProgramRun.Result maps = ProgramRun.of("cat", "/proc/self/maps")
                .env("SYSFAULT_CACHE_DIR", cache.toString()).preload(NativeBuild.preload()).run();
        assertThat(maps.stdout()).as(maps.describe()).containsPattern("r-xp .*/libc\\.so\\.6-[0-9a-f]+\\.image");
    }

    @Test
    void anEmptyCacheDirTurnsTheCacheOff() throws IOException {
        assertInjected(lsUnderHook(""));
        ProgramRun.Result maps = ProgramRun.of("cat", "/proc/self/maps")
                .env("SYSFAULT_CACHE_DIR", "").preload(NativeBuild.preload()).run();
        assertThat(maps.stdout()).as(maps.describe()).doesNotContain(".image");
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void damagedCacheFilesAreIgnoredAndReplaced() throws IOException {
        assertInjected(lsUnderHook(cache.toString()));
        for (Path file : cacheFiles()) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.seek(40);
                raf.write(new byte[] {0x55, 0x55, 0x55, 0x55});   // inside the header
                raf.setLength(raf.length() - 4096 >= 4096 ? raf.length() - 4096 : raf.length() / 2);
            }
        }
        ProgramRun.Result damaged = lsUnderHook(cache.toString());
        assertInjected(damaged);
        assertInjected(lsUnderHook(cache.toString()));
    }

    @Test
    void aCacheDirThatOthersCanWriteIsNotUsed() throws IOException {
        Path open = cache.resolve("shared");
        Files.createDirectory(open);
        open.toFile().setWritable(true, false);
        assertThat(Files.getPosixFilePermissions(open).toString()).contains("OTHERS_WRITE");
        assertInjected(lsUnderHook(open.toString()));
        try (Stream<Path> files = Files.list(open)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void debugOutputSaysWhyACacheDirIsNotUsed() throws IOException {
        Path open = cache.resolve("shared");
        Files.createDirectory(open);
        open.toFile().setWritable(true, false);
        ProgramRun.Result result = ProgramRun.of("true").env("SYSFAULT_DEBUG", "1")
                .env("SYSFAULT_CACHE_DIR", open.toString()).preload(NativeBuild.preload()).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stderr()).as(result.describe()).startsWith("sysfault: cache directory " + open
                + " not used: " + open + " is writable by group or others\n");
    }

    @Test
    void aStoreWhoseRenameFailsLeavesNoTemporaryFile() throws IOException {
        Path first = Files.createDirectory(cache.resolve("first"));
        assertInjected(lsUnderHook(first.toString()));
        // Directories in the way of the plan and the image: renaming a file onto one fails (EISDIR).
        Path blocked = Files.createDirectory(cache.resolve("blocked"));
        List<String> names;
        try (Stream<Path> files = Files.list(first)) {
            names = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        for (String name : names) {
            Files.createDirectory(blocked.resolve(name));
        }

        assertInjected(lsUnderHook(blocked.toString()));

        try (Stream<Path> files = Files.list(blocked)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactlyElementsOf(names);
        }
    }

    @Test
    void debugOutputListsEverySiteAsPatched() {
        ProgramRun.Result result = ProgramRun.of("true").env("SYSFAULT_DEBUG", "1")
                .env("SYSFAULT_CACHE_DIR", cache.toString()).preload(NativeBuild.preload()).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stderr()).as(result.describe())
                .containsPattern("sysfault: libc\\.so\\.6\\+0x[0-9a-f]+: patched: short jump to padding at \\+0x")
                .containsPattern("sysfault: libc\\.so\\.6\\+0x[0-9a-f]+: patched: \\d+ bytes moved to the trampoline \\(")
                .containsPattern("sysfault: libc\\.so\\.6: \\d+ syscall sites, 0 not patched")
                .doesNotContain("NOT patched");
    }
}
