// Whether a Docker engine answers, and Testcontainers' connection to it: bounded in time, explained instead of hung.
package dev.sysfault.container;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sysfault.fault.internal.UserInput;
import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The Docker engine that Testcontainers finds ({@code DOCKER_HOST}, else {@code /var/run/docker.sock}).
 *
 * <p>{@link #unavailableReason()} tells tests whether to run at all: empty when an engine answers, else why
 * none does (a test is then skipped with that reason). {@link #connect()} lets Testcontainers set itself up,
 * which first pulls images of its own: Ryuk, its container reaper, unless {@value #RYUK_DISABLED}{@code =true},
 * and, in a JVM that itself runs in a container ({@code /.dockerenv}), {@code alpine} to find the host's
 * address unless {@value #HOST_OVERRIDE} is set. Where no registry can be reached such a pull hangs for
 * minutes; {@code connect()} gives up after {@value #CONNECT_TIMEOUT_PROPERTY} seconds (default 45) and
 * says which variable to set. A failure is kept: later calls fail at once.
 */
public final class DockerEngine {

    /** {@code true}: Testcontainers starts no Ryuk container (containers are removed when the JVM exits). */
    public static final String RYUK_DISABLED = "TESTCONTAINERS_RYUK_DISABLED";
    /** The host that Testcontainers reports for the engine's published ports ({@code localhost} here). */
    public static final String HOST_OVERRIDE = "TESTCONTAINERS_HOST_OVERRIDE";
    /** System property: how many seconds {@link #connect()} waits for Testcontainers. */
    public static final String CONNECT_TIMEOUT_PROPERTY = "sysfault.docker.connectTimeout";

    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(45);

    private static Optional<String> unavailable;
    private static URI dockerHost;
    private static boolean connected;
    private static RuntimeException connectFailure;

    private DockerEngine() {
    }

    /** Empty when a Docker engine answers; otherwise why none does and how to start one. Asked once per JVM. */
    public static synchronized Optional<String> unavailableReason() {
        if (unavailable == null) {
            Map<String, String> env = System.getenv();
            try {
                dockerHost = DockerClientFactory.instance().getTransportConfig().getDockerHost();
                unavailable = notTheOneAskedFor(env, dockerHost);
            } catch (RuntimeException e) {
                unavailable = Optional.of(TlsRefusal.of(env).orElseGet(() -> "no Docker engine answers (DOCKER_HOST="
                        + Optional.ofNullable(env.get("DOCKER_HOST")).orElse("unset, so /var/run/docker.sock")
                        + ": " + e.getMessage() + "); start one with `ci/docker-engine start`"));
            }
        }
        return unavailable;
    }

    /**
     * Why the engine found is not the one {@code DOCKER_HOST} names, or empty. Testcontainers tries
     * {@code /var/run/docker.sock} when {@code DOCKER_HOST}'s engine does not answer; running there instead would
     * test on an engine the user did not ask for (and a run meant for a remote engine would pass on the local one).
     */
    private static Optional<String> notTheOneAskedFor(Map<String, String> env, URI found) {
        String written = env.get("DOCKER_HOST");
        if (written == null || written.isBlank() || sameHost(written.strip(), found)) {
            return Optional.empty();
        }
        return Optional.of(TlsRefusal.of(env).orElseGet(() -> "the Docker engine at DOCKER_HOST="
                + UserInput.plain(written) + " does not answer (Testcontainers found " + found + " instead): start it,"
                + " correct DOCKER_HOST, or unset DOCKER_HOST to use " + found));
    }

    private static boolean sameHost(String written, URI found) {
        try {
            return URI.create(written).normalize().equals(found.normalize());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Where the engine is, for example {@code unix:///var/run/docker.sock}. */
    public static URI dockerHost() {
        unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        return dockerHost;
    }

    /** Whether the engine is reached through a local Unix socket, and so may see this machine's files. */
    public static boolean isLocal() {
        return "unix".equals(dockerHost().getScheme());
    }

    /**
     * Makes Testcontainers' client ready, within the time limit.
     *
     * @throws IllegalStateException when no engine answers, or Testcontainers did not get ready in time (the
     *     message names the environment variables that avoid the hang), or failed
     */
    public static synchronized void connect() {
        if (connected) {
            return;
        }
        if (connectFailure != null) {
            throw connectFailure;
        }
        URI host = dockerHost();
        Duration limit = connectTimeout();
        List<String> pulls = pullsThatMayHang(System.getenv(), new File("/.dockerenv").exists(), host);
        FutureTask<Object> setUp = new FutureTask<>(() -> DockerClientFactory.instance().client());
        Thread thread = new Thread(setUp, "sysfault-testcontainers-setup");
        thread.setDaemon(true); // a hung pull must not keep the JVM alive
        thread.start();
        try {
            setUp.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            connected = true;
        } catch (TimeoutException e) {
            connectFailure = new IllegalStateException(explainHang(host, limit, pulls));
            throw connectFailure;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            connectFailure = new IllegalStateException("Testcontainers could not set itself up for the Docker engine at "
                    + host + ": " + cause + (pulls.isEmpty() ? "" : "\n" + explainPulls(pulls)), cause);
            throw connectFailure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Testcontainers set itself up", e);
        }
    }

    /** Whether the engine has {@code image} (a name with its tag) without pulling it. */
    public static boolean hasImage(String image) {
        connect();
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Makes sure the engine has {@code image}: there already, or pulled now for {@code linux/amd64}. An image named
     * {@code sysfault/...} is never pulled (only {@code ci/make-images} builds it).
     *
     * @throws IllegalStateException saying, in one line, which engine lacks which image and how to give it one
     */
    public static void requireImage(String image) {
        if (hasImage(image)) {
            return;
        }
        if (image.startsWith("sysfault/")) {
            throw new IllegalStateException(EngineFit.missingImage(dockerHost, image, Optional.empty()));
        }
        DockerImageName name = DockerImageName.parse(image);
        try {
            DockerClientFactory.instance().client().pullImageCmd(name.getUnversionedPart())
                    .withTag(name.getVersionPart()).withPlatform(EngineFit.PLATFORM)
                    .start().awaitCompletion();
        } catch (DockerException e) {
            throw new IllegalStateException(EngineFit.missingImage(dockerHost, image, Optional.of(engineSaid(e))), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Docker engine at " + dockerHost + " pulled " + image, e);
        }
    }

    /** What the engine said, without docker-java's "Status 500: {"message":...}" around it. */
    private static String engineSaid(DockerException e) {
        String text = String.valueOf(e.getMessage());
        Matcher message = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
        return message.find() ? message.group(1).replace("\\\"", "\"") : text;
    }

    /**
     * Checks that the engine is new enough for sysfault's containers, that it has {@code image} ({@link #requireImage}
     * pulls it if it can) and that the image is for {@code linux/amd64}, the platform of libsysfault.so.
     *
     * @throws IllegalStateException saying, in one line, what is wrong and what to set
     */
    public static void requireFit(String image) {
        connect();
        var docker = DockerClientFactory.instance().client();
        var version = docker.versionCmd().exec();
        EngineFit.tooOld(dockerHost, version.getApiVersion(), version.getVersion()).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        requireImage(image);
        var inspected = docker.inspectImageCmd(image).exec();
        EngineFit.wrongPlatform(image, inspected.getOs(), inspected.getArch()).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
    }

    static Duration connectTimeout() {
        String seconds = System.getProperty(CONNECT_TIMEOUT_PROPERTY);
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_CONNECT_TIMEOUT;
        }
        // The digits 0-9 only: Long.parseLong also reads Arabic-Indic, fullwidth and other scripts' digits.
        if (!seconds.strip().matches("[0-9]{1,12}")) {
            throw new IllegalArgumentException("-D" + CONNECT_TIMEOUT_PROPERTY + "=" + UserInput.plain(seconds)
                    + " is not a number of seconds");
        }
        return Duration.ofSeconds(Long.parseLong(seconds.strip()));
    }

    /** The images Testcontainers will pull for itself in this environment, each with the variable that avoids it. */
    static List<String> pullsThatMayHang(Map<String, String> env, boolean inAContainer, URI host) {
        List<String> pulls = new ArrayList<>();
        if (!Boolean.parseBoolean(env.get(RYUK_DISABLED))) {
            pulls.add("testcontainers/ryuk, the container reaper it starts first, because " + RYUK_DISABLED
                    + " is not true: set " + RYUK_DISABLED + "=true to do without it (the containers are then"
                    + " removed when the JVM exits)");
        }
        String override = env.get(HOST_OVERRIDE);
        boolean socket = "unix".equals(host.getScheme()) || "npipe".equals(host.getScheme());
        if (inAContainer && socket && (override == null || override.isBlank())) {
            pulls.add("alpine, which it runs to find the engine's address because this JVM runs in a container"
                    + " (/.dockerenv) and " + HOST_OVERRIDE + " is not set: set " + HOST_OVERRIDE + "=localhost"
                    + " (or the address at which the engine's published ports are reached)");
        }
        return pulls;
    }

    static String explainHang(URI host, Duration limit, List<String> pulls) {
        String head = "Testcontainers did not finish setting itself up for the Docker engine at " + host + " within "
                + limit.toSeconds() + " s (-D" + CONNECT_TIMEOUT_PROPERTY + "=SECONDS changes that).";
        if (pulls.isEmpty()) {
            return head + " The engine answered, and neither Ryuk nor a host lookup was due; see Testcontainers' log.";
        }
        return head + "\n" + explainPulls(pulls);
    }

    private static String explainPulls(List<String> pulls) {
        StringBuilder s = new StringBuilder("It pulls images of its own first, which hangs where no registry can be"
                + " reached:");
        pulls.forEach(pull -> s.append("\n - ").append(pull));
        return s.append("\nSet the variables in the environment of the JVM that runs the tests (with Maven:"
                + " the surefire plugin's <environmentVariables>).").toString();
    }
}
