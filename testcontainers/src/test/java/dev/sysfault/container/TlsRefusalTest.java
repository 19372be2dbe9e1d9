// A refused TLS connection is one line that says what to set: TLS on one side only, or certificates the engine refuses.
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against real engines: a dockerd started here with {@code --tlsverify} ({@link TlsEngine}) and, for a TLS client
 * that meets plain HTTP, the rig's plain-TCP engine ({@code ci/docker-engine-remote}). Each case is a JVM of its own
 * ({@link Main}), since an engine is asked for once per JVM and Testcontainers reads the variables from the
 * environment; its home is empty, so no {@code ~/.testcontainers.properties} names another engine.
 */
class TlsRefusalTest {

    private static final String PLAIN_RIG = "tcp://127.0.0.1:12375";

    @TempDir
    static Path dir;
    private static TlsEngine engine;

    @BeforeAll
    static void startTheEngine() throws Exception {
        // Its engines are its own, whatever DOCKER_HOST says: ci/test's second run, on the rig, need not repeat it.
        assumeTrue(System.getenv("DOCKER_HOST") == null, "runs where DOCKER_HOST is unset (it sets its own)");
        engine = TlsEngine.start(Files.createDirectories(dir.resolve("engine")));
    }

    @AfterAll
    static void stopTheEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void withTheCertificatesItAcceptsTheEngineAnswers() throws Exception {
        assertThat(run(Map.of("DOCKER_HOST", engine.host(), "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", engine.accepted().toString()))).isEqualTo("answers at " + engine.host());
    }

    @Test
    void aPlainClientIsToldToTurnOnTls() throws Exception {
        String said = run(Map.of("DOCKER_HOST", engine.host()));

        assertThat(said).isEqualTo("the Docker engine at DOCKER_HOST=" + engine.host() + " speaks TLS, but"
                + " DOCKER_TLS_VERIFY is not set: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to a folder with the"
                + " ca.pem, cert.pem and key.pem of a client it accepts");
    }

    @Test
    void certificatesOfAnotherCaSayThatThisSideDoesNotTrustTheEngine() throws Exception {
        String said = run(Map.of("DOCKER_HOST", engine.host(), "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", engine.foreign().toString()));

        assertThat(said).startsWith("the Docker engine at DOCKER_HOST=" + engine.host() + " has a certificate that"
                + " the ca.pem in DOCKER_CERT_PATH=" + engine.foreign() + " did not sign (")
                .endsWith("): set DOCKER_CERT_PATH to the folder of a client of that engine, whose ca.pem signed the"
                        + " engine's certificate");
    }

    @Test
    void aClientTheEngineDoesNotKnowIsRefusedByTheEngine() throws Exception {
        String said = run(Map.of("DOCKER_HOST", engine.host(), "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", engine.stranger().toString()));

        assertThat(said).startsWith("the Docker engine at DOCKER_HOST=" + engine.host() + " does not accept the"
                + " client certificate in DOCKER_CERT_PATH=" + engine.stranger() + " (")
                .endsWith("): set DOCKER_CERT_PATH to a folder whose cert.pem and key.pem are a client's that the"
                        + " engine's --tlscacert signed");
    }

    @Test
    void aFolderWithoutTheClientsKeyIsNamed() throws Exception {
        Path incomplete = Files.createDirectories(dir.resolve("incomplete"));
        Files.copy(engine.accepted().resolve("ca.pem"), incomplete.resolve("ca.pem"));
        Files.copy(engine.accepted().resolve("cert.pem"), incomplete.resolve("cert.pem"));

        assertThat(run(Map.of("DOCKER_HOST", engine.host(), "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", incomplete.toString()))).isEqualTo("the Docker engine at DOCKER_HOST="
                        + engine.host() + " speaks TLS, but DOCKER_CERT_PATH=" + incomplete + " has no key.pem: set"
                        + " DOCKER_CERT_PATH to a folder with the ca.pem, cert.pem and key.pem of a client it accepts");
    }

    @Test
    void aTlsClientOfAPlainEngineIsToldToTurnTlsOff() throws Exception {
        assumeTrue(run(Map.of("DOCKER_HOST", PLAIN_RIG)).equals("answers at " + PLAIN_RIG),
                "the rig's plain engine does not answer at " + PLAIN_RIG + " (ci/docker-engine-remote start)");

        assertThat(run(Map.of("DOCKER_HOST", PLAIN_RIG, "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", engine.accepted().toString()))).isEqualTo("the Docker engine at DOCKER_HOST="
                        + PLAIN_RIG + " speaks plain HTTP, not TLS, but DOCKER_TLS_VERIFY=1: unset DOCKER_TLS_VERIFY"
                        + " (and DOCKER_CERT_PATH), or set DOCKER_HOST to the port where that engine speaks TLS");
    }

    @Test
    void anEngineThatDoesNotAnswerIsNotReplacedByTheLocalOne() throws Exception {
        String nowhere;
        try (ServerSocket free = new ServerSocket(0)) {
            nowhere = "tcp://127.0.0.1:" + free.getLocalPort();
        }

        // Testcontainers tries /var/run/docker.sock next: where that engine answers, it must not be used instead.
        assertThat(run(Map.of("DOCKER_HOST", nowhere))).satisfiesAnyOf(
                said -> assertThat(said).isEqualTo("the Docker engine at DOCKER_HOST=" + nowhere + " does not answer"
                        + " (Testcontainers found unix:///var/run/docker.sock instead): start it, correct DOCKER_HOST,"
                        + " or unset DOCKER_HOST to use unix:///var/run/docker.sock"),
                said -> assertThat(said).startsWith("no Docker engine answers (DOCKER_HOST=" + nowhere));
    }

    /** What {@link Main} says in a JVM whose environment has {@code docker} (and no other Docker variable). */
    private static String run(Map<String, String> docker) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory(dir, "home");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("DOCKER_"));
        builder.environment().put(DockerEngine.RYUK_DISABLED, "true");
        builder.environment().putAll(docker);
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.waitFor()).as(output).isZero();
        return output;
    }

    /**
     * Prints "answers at HOST", or the one line a user sees: both where {@code @RequiresDocker} and the workers
     * take it from and what {@link SyscallFaultContainer#start()} throws, which must be the same.
     */
    public static final class Main {

        public static void main(String[] args) {
            var reason = DockerEngine.unavailableReason();
            if (reason.isEmpty()) {
                System.out.println("answers at " + DockerEngine.dockerHost());
                return;
            }
            try (var container = new SyscallFaultContainer("sysfault/debian:bookworm")) {
                container.start();
                System.out.println("started, although " + reason.get());
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage().equals(reason.get()) ? reason.get()
                        : "the container said " + e.getMessage() + ", and the reason is " + reason.get());
            }
        }
    }
}
