// Whether an engine and an image can run libsysfault.so: the engine's API version, the image's presence and platform, each in one line.
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

    /**
     * Why the engine at {@code host} cannot run {@code image}, which it does not have: an image named
     * {@code sysfault/...} is built by {@code ci/make-images} and no registry has it ({@code pullFailure} empty);
     * any other could not be pulled, for the reason {@code pullFailure} gives.
     */
    static String missingImage(URI host, String image, Optional<String> pullFailure) {
        String there = isDefaultSocket(host) ? "" : "DOCKER_HOST=" + host + " ";
        String load = isDefaultSocket(host) ? "load it (docker load -i FILE, from a `docker save " + image + "`)"
                : "copy it in (docker save " + image + " | " + there + "docker load)";
        if (pullFailure.isEmpty()) {
            return "the Docker engine at " + host + " has no image " + image + ", which no registry has: build it with"
                    + " ci/make-images" + (isDefaultSocket(host) ? "" : " on this machine's engine and " + load)
                    + ", or name an image that engine has";
        }
        return "the Docker engine at " + host + " has no image " + image + " and cannot pull it ("
                + pullFailure.get().strip().replaceAll("\\s*\\n\\s*", " ") + "): pull it (" + there
                + "docker pull --platform " + PLATFORM + " " + image + ") or " + load + ", or name an image that engine"
                + " has";
    }

    private static boolean isDefaultSocket(URI host) {
        return "unix".equals(host.getScheme()) && "/var/run/docker.sock".equals(host.getPath());
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
