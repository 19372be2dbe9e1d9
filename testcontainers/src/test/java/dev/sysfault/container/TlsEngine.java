// A real dockerd that speaks only TLS (--tlsverify), on a port of its own, with certificates made by openssl for the test.
package dev.sysfault.container;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The engine needs no images and runs no containers, so it starts in a second or two beside the others: its own data
 * root, exec root (and so its own containerd), pid file and bridge, and no iptables rules. Two client folders are made:
 * {@link #accepted()}, signed by the engine's CA, and {@link #foreign()}, whose CA is another one, as a
 * {@code DOCKER_CERT_PATH} from another engine would be. Needs root, dockerd and openssl (skipped otherwise).
 */
final class TlsEngine implements AutoCloseable {

    /** How long the engine may take to listen: a start-up limit, not a measure of anything the test asserts. */
    private static final long START_SECONDS = 60;

    private final Path dir;
    private final Path exec;
    private final String bridge;
    private final Process dockerd;
    private final int port;

    private TlsEngine(Path dir, Path exec, String bridge, Process dockerd, int port) {
        this.dir = dir;
        this.exec = exec;
        this.bridge = bridge;
        this.dockerd = dockerd;
        this.port = port;
    }

    static TlsEngine start(Path dir) throws IOException, InterruptedException {
        assumeTrue(onPath("dockerd") && onPath("openssl") && onPath("ip"),
                "dockerd, openssl and ip are needed for an engine with TLS");
        assumeTrue("root".equals(System.getProperty("user.name")), "dockerd needs root");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=sysfault test CA",
                "-keyout", "ca-key.pem", "-out", "ca.pem");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=another CA",
                "-keyout", "other-ca-key.pem", "-out", "other-ca.pem");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        sign(dir, "server", "/CN=127.0.0.1", "ca", "server.ext");
        client(dir, "accepted", "ca", "ca");
        client(dir, "foreign", "other-ca", "other-ca");
        client(dir, "stranger", "other-ca", "ca");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // Short paths: containerd's sockets live under the exec root, and a socket path has at most 107 bytes.
        String name = UUID.randomUUID().toString().substring(0, 8);
        Path exec = Path.of("/run/sysfault-tls-" + name);
        Files.createDirectories(exec);
        // A bridge of its own: a dockerd without one (--bridge none) deletes docker0, the first engine's.
        String bridge = "sftls" + name.substring(0, 4);
        ip("link", "add", bridge, "type", "bridge");
        ip("addr", "add", "172.31." + (200 + Math.floorMod(name.hashCode(), 40)) + ".1/24", "dev", bridge);
        Process dockerd = new ProcessBuilder("dockerd", "--host", "tcp://127.0.0.1:" + port, "--tlsverify",
                "--tlscacert", dir.resolve("ca.pem").toString(), "--tlscert", dir.resolve("server.pem").toString(),
                "--tlskey", dir.resolve("server-key.pem").toString(), "--data-root", dir.resolve("data").toString(),
                "--exec-root", exec.toString(), "--pidfile", exec.resolve("dockerd.pid").toString(), "--bridge", bridge,
                "--iptables=false", "--ip-masq=false").redirectErrorStream(true)
                .redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        TlsEngine engine = new TlsEngine(dir, exec, bridge, dockerd, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!engine.listens()) {
            if (!dockerd.isAlive() || System.nanoTime() - deadline > 0) {
                engine.close();
                throw new IllegalStateException("dockerd with TLS did not start; its log: "
                        + Files.readString(dir.resolve("dockerd.log")));
            }
            Thread.sleep(100);
        }
        return engine;
    }

    /** The value for {@code DOCKER_HOST}. */
    String host() {
        return "tcp://127.0.0.1:" + port;
    }

    /** A {@code DOCKER_CERT_PATH} the engine accepts. */
    Path accepted() {
        return dir.resolve("accepted");
    }

    /** A {@code DOCKER_CERT_PATH} of another CA: the engine refuses its client, and it does not trust the engine. */
    Path foreign() {
        return dir.resolve("foreign");
    }

    /** A {@code DOCKER_CERT_PATH} that trusts the engine, with a client the engine's CA did not sign. */
    Path stranger() {
        return dir.resolve("stranger");
    }

    private boolean listens() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops dockerd (SIGTERM; it stops its containerd), waits for it and removes its exec root and bridge. */
    @Override
    public void close() {
        dockerd.destroy();
        try {
            if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor();
            }
            new ProcessBuilder("rm", "-rf", "--one-file-system", exec.toString()).start().waitFor();
            ip("link", "delete", bridge);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + exec, e);
        }
    }

    /** A client's folder: its certificate signed by {@code signer}, and {@code trusted} as the CA it trusts. */
    private static void client(Path dir, String name, String signer, String trusted)
            throws IOException, InterruptedException {
        Path folder = Files.createDirectories(dir.resolve(name));
        sign(dir, name + "/cert", "/CN=sysfault test client", signer, "client.ext");
        Files.move(folder.resolve("cert-key.pem"), folder.resolve("key.pem"));
        Files.copy(dir.resolve(trusted + ".pem"), folder.resolve("ca.pem"));
    }

    /** {@code name}.pem and {@code name}-key.pem, signed by the CA {@code ca}. */
    private static void sign(Path dir, String name, String subject, String ca, String extensions)
            throws IOException, InterruptedException {
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", name + "-key.pem", "-out",
                name + ".csr");
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + "-key.pem",
                "-CAcreateserial", "-days", "2", "-extfile", extensions, "-out", name + ".pem");
    }

    private static void openssl(Path dir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new UncheckedIOException(new IOException(command + " failed: " + output));
        }
    }

    private static void ip(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new UncheckedIOException(new IOException(command + " failed: " + output));
        }
    }

    private static boolean onPath(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program));
    }
}
