// Whether an engine and an image can run libsysfault.so: the engine's API version and the image's platform, each in one line.
package dev.sysfault.container;

import java.net.URI;
import java.util.Optional;

/** The messages are one line each and say what to set; {@link DockerEngine#requireFit} asks the engine. */
final class EngineFit {

    /** The oldest engine API the containers use: 1.41 (Docker 20.10), which takes a container's platform. */
    static final int[] OLDEST_API = {1, 41};
    /** What libsysfault.so is built for. */
    static final String PLATFORM = "linux/amd64";

    private EngineFit() {
    }

    /** Why an engine of API {@code api} (Docker {@code version}) is too old, or empty. */
    static Optional<String> tooOld(URI host, String api, String version) {
        String[] parts = api == null ? new String[0] : api.strip().split("\\.");
        int major;
        int minor;
        try {
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (RuntimeException e) {
            return Optional.of("the Docker engine at " + host + " reports the API version \"" + api + "\", which is not"
                    + " one; sysfault needs API " + OLDEST_API[0] + "." + OLDEST_API[1] + " (Docker 20.10) or newer");
        }
        if (major > OLDEST_API[0] || major == OLDEST_API[0] && minor >= OLDEST_API[1]) {
            return Optional.empty();
        }
        return Optional.of("the Docker engine at " + host + " is too old: Docker " + version + " (API " + api
                + "); sysfault needs API " + OLDEST_API[0] + "." + OLDEST_API[1] + " (Docker 20.10) or newer:"
                + " upgrade it, or set DOCKER_HOST to a newer engine");
    }

    /** Why {@code image}, built for {@code os}/{@code architecture}, cannot run the library, or empty. */
    static Optional<String> wrongPlatform(String image, String os, String architecture) {
        String platform = os + "/" + architecture;
        if (PLATFORM.equals(platform) || "linux".equals(os) && "x86_64".equals(architecture)) {
            return Optional.empty();
        }
        return Optional.of("the image " + image + " is for " + platform + ", but libsysfault.so runs on " + PLATFORM
                + ": name an image for " + PLATFORM + " (docker pull --platform " + PLATFORM + " " + image + ")");
    }
}
