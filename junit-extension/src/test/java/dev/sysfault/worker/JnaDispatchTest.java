// JNA's native library: one copy in sysfault's cache, the jar's bytes, and the one a worker JVM maps.
package dev.sysfault.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.run.NativeLibrary;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class JnaDispatchTest {

    @Test
    void workersLoadTheCachedCopyOfTheJarsLibrary() throws Exception {
        List<String> options = JnaDispatch.options();
        assertThat(options).hasSize(1);
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
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(maps)
                    .contains("libjnidispatch.so"));
            assertThat(Files.readAllLines(maps)).filteredOn(line -> line.contains("libjnidispatch.so"))
                    .allMatch(line -> line.endsWith(copy.toString()), "maps " + copy);
        }
    }
}
