// JNA in workers: its native library is one copy in sysfault's cache, the one a worker maps; ldconfig runs once.
package dev.sysfault.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.run.internal.NativeLibrary;
import dev.sysfault.run.OtherUser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class JnaStartupTest {

    @Test
    void workersLoadTheCachedCopyOfTheJarsLibrary() throws Exception {
        List<String> options = JnaStartup.options();
        assertThat(options).isNotEmpty();
        Path dir = Path.of(options.get(0).substring("-Djna.boot.library.path=".length()));
        Path copy = dir.resolve("libjnidispatch.so");
        assertThat(dir.getParent()).isEqualTo(NativeLibrary.defaultCacheDirectory().resolve("jna"));
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("com/sun/jna/linux-x86-64/libjnidispatch.so")) {
            assertThat(Files.readAllBytes(copy)).isEqualTo(in.readAllBytes());
        }

        Path library = NativeLibrary.path();
        WorkerSettings settings = WorkerSettings.from(name -> Optional.empty());
        try (WorkerProcess worker = WorkerProcess.start(settings, WorkerCommand.of(settings, library), library,
                WorkerLaunch.HOST, false)) {
            Path maps = Path.of("/proc", String.valueOf(worker.pid()), "maps");
            Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> Files.readString(maps)
                    .contains("libjnidispatch.so"));
            assertThat(Files.readAllLines(maps)).filteredOn(line -> line.contains("libjnidispatch.so"))
                    .allMatch(line -> line.endsWith(copy.toString()), "maps " + copy);
        }
    }

    @Test
    void aWorkerRecordsTheDirectoriesItsJnaFoundAndTheNextIsGivenThem() throws Exception {
        // JNA loaded in this JVM (by an earlier test) has set the property, which workers are then given as it is.
        String own = System.clearProperty(JnaStartup.PLATFORM_PATH);
        try {
            recordAndReuse();
        } finally {
            JnaStartup.forgetOptions();
            if (own != null) {
                System.setProperty(JnaStartup.PLATFORM_PATH, own);
            }
        }
    }

    @Test
    void aValueThisJvmHasIsPassedOnAndNothingIsRecorded() {
        String own = System.setProperty(JnaStartup.PLATFORM_PATH, "/opt/own/lib");
        try {
            JnaStartup.forgetOptions();
            WorkerSettings settings = WorkerSettings.from(name -> Optional.empty());
            List<String> options = WorkerCommand.of(settings, NativeLibrary.path()).jvmOptions();
            assertThat(options).contains("-D" + JnaStartup.PLATFORM_PATH + "=/opt/own/lib")
                    .noneMatch(o -> o.startsWith("-D" + JnaStartup.RECORD_PROPERTY));
        } finally {
            JnaStartup.forgetOptions();
            if (own == null) {
                System.clearProperty(JnaStartup.PLATFORM_PATH);
            } else {
                System.setProperty(JnaStartup.PLATFORM_PATH, own);
            }
        }
    }

    @Test
    void directoriesRecordedInAFileAnotherUserOwnsAreNotBelieved() throws Exception {
        OtherUser other = OtherUser.get();
        String own = System.clearProperty(JnaStartup.PLATFORM_PATH);
        Path planted = null;
        try {
            forgetRecordedDirectories();
            String record = JnaStartup.options().stream().filter(o -> o.startsWith("-D" + JnaStartup.RECORD_PROPERTY))
                    .findFirst().orElseThrow();
            planted = Path.of(record.substring(record.indexOf('=') + 1));
            Files.writeString(planted, "/home/" + OtherUser.NAME + "/lib");
            other.give(planted);
            JnaStartup.forgetOptions();
            assertThat(JnaStartup.options()).as("JNA would load libraries by name from what it says")
                    .noneMatch(o -> o.startsWith("-D" + JnaStartup.PLATFORM_PATH + "="))
                    .contains("-D" + JnaStartup.RECORD_PROPERTY + "=" + planted);
        } finally {
            if (planted != null) {
                Files.deleteIfExists(planted);
            }
            JnaStartup.forgetOptions();
            if (own != null) {
                System.setProperty(JnaStartup.PLATFORM_PATH, own);
            }
        }
    }

    /** Removes the recorded directories, so that the next {@link JnaStartup#options()} asks a worker for them. */
    private static void forgetRecordedDirectories() throws Exception {
        Path dir = Path.of(JnaStartup.options().get(0).substring("-Djna.boot.library.path=".length()));
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("platform-library-path-")).toList()) {
                Files.delete(f);
            }
        }
        JnaStartup.forgetOptions();
    }

    @SuppressWarnings("try") // the worker is only started and closed: what is checked is the file its start writes
    private static void recordAndReuse() throws Exception {
        forgetRecordedDirectories();
        Path library = NativeLibrary.path();
        WorkerSettings settings = WorkerSettings.from(name -> Optional.empty());
        WorkerCommand first = WorkerCommand.of(settings, library);
        assertThat(first.jvmOptions()).anyMatch(o -> o.startsWith("-D" + JnaStartup.RECORD_PROPERTY + "="))
                .noneMatch(o -> o.startsWith("-D" + JnaStartup.PLATFORM_PATH + "="));
        String record = first.jvmOptions().stream().filter(o -> o.startsWith("-D" + JnaStartup.RECORD_PROPERTY))
                .findFirst().orElseThrow();
        Path file = Path.of(record.substring(record.indexOf('=') + 1));
        try (WorkerProcess worker = WorkerProcess.start(settings, first, library, WorkerLaunch.HOST, false)) {
            Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> Files.exists(file));
        }
        String found = Files.readString(file);
        assertThat(found).as("what JNA took from ldconfig -p").contains("/lib").doesNotContain("\n");

        assertThat(first.jvmOptions()).as("the same for every worker of this JVM")
                .containsSubsequence(JnaStartup.options());
        JnaStartup.forgetOptions();
        List<String> next = JnaStartup.options();
        assertThat(next).contains("-D" + JnaStartup.PLATFORM_PATH + "=" + found)
                .noneMatch(o -> o.startsWith("-D" + JnaStartup.RECORD_PROPERTY));
    }
}
