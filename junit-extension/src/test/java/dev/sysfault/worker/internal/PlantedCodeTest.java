// Code another user plants where sysfault's cache would be never runs: libsysfault.so, libjnidispatch.so, CDS archives.
package dev.sysfault.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.run.internal.NativeLibrary;
import dev.sysfault.run.OtherUser;
import dev.sysfault.run.PlantedLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: root runs tests with {@code XDG_CACHE_HOME} in another user's directory (as after {@code sudo -E}), and
 * that user has planted files of the right names and sizes where sysfault keeps its copies. Each test runs the attack
 * with a real second user and a fresh JVM ({@link TrustProbe}) with that environment, and a planted library's
 * constructor leaves a marker if it is ever loaded.
 */
class PlantedCodeTest {

    @TempDir
    Path root;
    OtherUser other;
    Path home;
    Path attackersCache;
    Path marker;

    @BeforeEach
    void anotherUsersDirectory() throws Exception {
        other = OtherUser.get();
        home = Files.createDirectory(root.resolve("root-home"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        attackersCache = other.directory(root, "other-home").resolve(".cache");
        marker = root.resolve("the-planted-code-ran");
    }

    @Test
    void thePlantedLibraryLeavesItsMarkerWhenItIsLoaded() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("true");
        builder.environment().put("LD_PRELOAD", PlantedLibrary.built().toString());
        builder.environment().put(PlantedLibrary.MARKER_VARIABLE, marker.toString());
        assertThat(builder.start().waitFor()).isZero();
        assertThat(marker).as("what the tests below look for when the planted code runs").exists();
    }

    @Test
    void aPlantedLibsysfaultIsNotPreloaded() throws Exception {
        byte[] library = resource(NativeLibrary.RESOURCE);
        plantLibrary("lib", library, "libsysfault.so");

        Probe run = probe("preload", attackersCache);
        assertThat(marker).as("the planted libsysfault.so ran; " + run).doesNotExist();
        assertThat(run.values("exit")).as(run.toString()).containsExactly("0");
        assertThat(run.values("library")).singleElement().asString().startsWith(home.toString());
        assertThat(run.stderr).contains("not using $XDG_CACHE_HOME/sysfault (" + attackersCache.resolve("sysfault")
                + ")").contains("owned by " + OtherUser.NAME).contains("set XDG_CACHE_HOME to a directory of your own");
    }

    @Test
    void aPlantedJnaLibraryIsNotLoadedByWorkers() throws Exception {
        plantLibrary("jna", resource("com/sun/jna/linux-x86-64/libjnidispatch.so"), "libjnidispatch.so");

        Probe run = probe("jna", attackersCache);
        assertThat(marker).as("the planted libjnidispatch.so ran; " + run).doesNotExist();
        assertThat(run.values("exit")).as(run.toString()).containsExactly("0");
        assertThat(run.values("option")).as(run.toString())
                .anyMatch(o -> o.startsWith("-Djna.boot.library.path=" + home))
                .noneMatch(o -> o.contains(attackersCache.toString()));
    }

    @Test
    void aPlantedClassArchiveIsNotMapped() throws Exception {
        // A real archive, made for this very worker command in a trusted cache, then copied to the other user's.
        probe("cds", home.resolve(".cache"));
        Path made;
        try (Stream<Path> found = Files.find(home, 6, (p, a) -> p.endsWith(ArchiveMain.ARCHIVE))) {
            made = found.findFirst().orElseThrow(() -> new AssertionError("no archive was made in " + home));
        }
        Path planted = Files.createDirectories(attackersCache.resolve("sysfault/cds").resolve(made.getParent()
                .getFileName()));
        for (String name : List.of(ArchiveMain.ARCHIVE, ArchiveMain.NAMES, "archive-main.jar")) {
            Files.copy(made.resolveSibling(name), planted.resolve(name));
        }
        other.give(attackersCache);

        Probe run = probe("cds", attackersCache);
        assertThat(run.values("option")).as(run.toString()).noneMatch(o -> o.contains(attackersCache.toString()))
                .contains("-XX:SharedArchiveFile=" + made);
    }

    private void plantLibrary(String kind, byte[] real, String fileName) throws Exception {
        Path dir = Files.createDirectories(attackersCache.resolve("sysfault").resolve(kind)
                .resolve(NativeLibrary.checksum(real)));
        PlantedLibrary.write(dir.resolve(fileName), real.length);
        other.give(attackersCache);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PlantedCodeTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the class path").isNotNull();
            return in.readAllBytes();
        }
    }

    /** {@link TrustProbe} with {@code mode}, {@code HOME} at {@link #home}, {@code XDG_CACHE_HOME} as given. */
    private Probe probe(String mode, Path xdgCacheHome) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TrustProbe.class.getName(), mode);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.equals("LD_PRELOAD") || k.startsWith("SYSFAULT_") || k.equals("XDG_CACHE_HOME"));
        env.put("HOME", home.toString());
        env.put("XDG_CACHE_HOME", xdgCacheHome.toString());
        env.put(PlantedLibrary.MARKER_VARIABLE, marker.toString());
        Path err = root.resolve("probe-" + mode + ".err");
        Process p = builder.redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Probe(exit, out, Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Probe(int exit, String stdout, String stderr) {

        List<String> values(String key) {
            return stdout.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).toList();
        }
    }
}
