// The worker's files go into the engine once by content: a second worker, and a second run, copy only what changed.
package dev.sysfault.container.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sysfault.container.DockerEngine;
import dev.sysfault.container.RequiresDocker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

@RequiresDocker
class EngineFilesTest {

    private static final String IMAGE = "sysfault/debian:bookworm";

    @Test
    void aSecondWorkerAndASecondRunCopyOnlyWhatChanged(@TempDir Path dir) throws Exception {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");
        // Content no earlier run copied; a path inside the folder longer than a tar header's 100 bytes.
        Path jar = Files.writeString(dir.resolve("unique.jar"), UUID.randomUUID().toString());
        Path folder = dir.resolve("classes");
        String deep = "dev/sysfault/" + "a-rather-long-package-name/".repeat(4) + "Deep.class";
        Files.createDirectories(folder.resolve(deep).getParent());
        Files.writeString(folder.resolve(deep), "first " + UUID.randomUUID());
        var docker = DockerClientFactory.instance().client();
        URI engine = DockerEngine.dockerHost();
        List<Path> files = List.of(jar, folder);

        Map<Path, String> places = EngineFiles.place(docker, engine, IMAGE, files);
        assertThat(EngineFiles.lastCopied()).as("the first worker's copies").isEqualTo(2);
        assertThat(EngineFiles.place(docker, engine, IMAGE, files)).isEqualTo(places);
        assertThat(EngineFiles.lastCopied()).as("a second worker's copies").isZero();
        EngineFiles.forget(engine);
        assertThat(EngineFiles.place(docker, engine, IMAGE, files)).isEqualTo(places);
        assertThat(EngineFiles.lastCopied()).as("a second run's copies").isZero();

        Files.writeString(folder.resolve(deep), "second " + UUID.randomUUID());
        Map<Path, String> changed = EngineFiles.place(docker, engine, IMAGE, files);
        assertThat(EngineFiles.lastCopied()).as("copies after a class changed").isEqualTo(1);
        assertThat(changed.get(jar)).isEqualTo(places.get(jar));
        assertThat(changed.get(folder)).isNotEqualTo(places.get(folder)).endsWith("/classes");

        try (WorkerContainer container = new WorkerContainer(IMAGE)) {
            container.start();
            String seen = container.copyFileFromContainer(changed.get(folder) + "/" + deep,
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(seen).isEqualTo(Files.readString(folder.resolve(deep)));
        }
    }
}
