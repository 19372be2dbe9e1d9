// Worker JVMs in containers for @RunInContainer and @GlibcMatrix: what the extension finds through ServiceLoader.
package dev.sysfault.container.internal;

import dev.sysfault.container.DockerEngine;
import dev.sysfault.worker.internal.ContainerWorkers;
import dev.sysfault.worker.internal.WorkerLaunch;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/** Registered in {@code META-INF/services} (and {@code provides} in module-info); not for users. */
public final class DockerWorkers implements ContainerWorkers {

    /** For ServiceLoader. */
    public DockerWorkers() {
    }

    @Override
    public Optional<String> unavailableReason() {
        return DockerEngine.unavailableReason();
    }

    @Override
    public String glibcOf(String image) {
        try {
            DockerEngine.connect();
            Map<String, String> labels = DockerClientFactory.instance().client()
                    .inspectImageCmd(image).exec().getConfig().getLabels();
            String glibc = labels == null ? null : labels.get("dev.sysfault.glibc");
            return glibc == null ? "unknown" : glibc.replaceFirst("-.*", "");   // 2.31-13+deb11u11: the upstream part
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    @Override
    public WorkerLaunch launch(String image) {
        return new ContainerLaunch(image);
    }
}
