// Why the engine at a tcp:// DOCKER_HOST refused this JVM: TLS on one side only, or certificates it does not accept.
package dev.sysfault.container;

import dev.sysfault.fault.internal.UserInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.testcontainers.dockerclient.EnvironmentAndSystemPropertyClientProviderStrategy;

/**
 * Asked by {@link DockerEngine} when the engine that {@code DOCKER_HOST} names did not answer Testcontainers. A plain
 * HTTP request tells whether the engine speaks TLS (Docker's TLS port answers a plain request with "Client sent an
 * HTTP request to an HTTPS server"); when both sides do, a handshake with the client's certificates (from
 * {@code DOCKER_CERT_PATH}, read the way Testcontainers reads them) says what the engine or this JVM refused. Each
 * message is one line that says what to set.
 */
final class TlsRefusal {

    static final String HOST = "DOCKER_HOST";
    static final String TLS_VERIFY = "DOCKER_TLS_VERIFY";
    static final String CERT_PATH = "DOCKER_CERT_PATH";

    /** How long a probe waits to connect or for an answer: an engine that answers does so at once. */
    private static final int PROBE_MILLIS = 5_000;
    private static final String[] CLIENT_FILES = {"ca.pem", "cert.pem", "key.pem"};

    private TlsRefusal() {
    }

    /** Why the engine at {@code DOCKER_HOST} in {@code env} refused the connection over TLS, or empty. */
    static Optional<String> of(Map<String, String> env) {
        String written = env.get(HOST);
        if (written == null || !written.strip().startsWith("tcp://")) {
            return Optional.empty();
        }
        URI host;
        try {
            host = URI.create(written.strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (host.getHost() == null || host.getPort() < 0) {
            return Optional.empty();
        }
        Optional<Boolean> engineSpeaksTls = speaksTls(host);
        if (engineSpeaksTls.isEmpty()) {
            return Optional.empty(); // nothing listens, or something that is no Docker engine: said elsewhere
        }
        String engine = "the Docker engine at " + HOST + "=" + UserInput.plain(written);
        String verify = env.get(TLS_VERIFY);
        boolean clientSpeaksTls = verify != null && (verify.strip().equals("1") || verify.strip().equalsIgnoreCase("true"));
        if (engineSpeaksTls.get() && !clientSpeaksTls) {
            return Optional.of(engine + " speaks TLS, but " + (verify == null ? TLS_VERIFY + " is not set"
                    : TLS_VERIFY + "=" + UserInput.plain(verify) + " is not 1") + ": set " + TLS_VERIFY + "=1 and "
                    + CERT_PATH + " to a folder with the ca.pem, cert.pem and key.pem of a client it accepts");
        }
        if (!engineSpeaksTls.get() && clientSpeaksTls) {
            return Optional.of(engine + " speaks plain HTTP, not TLS, but " + TLS_VERIFY + "=" + UserInput.plain(verify)
                    + ": unset " + TLS_VERIFY + " (and " + CERT_PATH + "), or set " + HOST + " to the port where that"
                    + " engine speaks TLS");
        }
        if (!clientSpeaksTls) {
            return Optional.empty();
        }
        String certPath = Optional.ofNullable(env.get(CERT_PATH))
                .orElse(Path.of(System.getProperty("user.home"), ".docker").toString());
        String certs = CERT_PATH + "=" + UserInput.plain(certPath) + (env.containsKey(CERT_PATH) ? "" : " (unset, so ~/.docker)");
        for (String file : CLIENT_FILES) {
            if (!Files.isRegularFile(Path.of(certPath, file))) {
                return Optional.of(engine + " speaks TLS, but " + certs + " has no " + file + ": set " + CERT_PATH
                        + " to a folder with the ca.pem, cert.pem and key.pem of a client it accepts");
            }
        }
        return handshakeFailure(host, engine, certs);
    }

    /** Whether the engine answers a plain request as a TLS server does, or as plain HTTP; empty: neither. */
    private static Optional<Boolean> speaksTls(URI host) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host.getHost(), host.getPort()), PROBE_MILLIS);
            socket.setSoTimeout(PROBE_MILLIS);
            String answer = ping(socket);
            if (answer.contains("HTTP request to an HTTPS server")) {
                return Optional.of(true);
            }
            return answer.startsWith("HTTP/") ? Optional.of(false) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What went wrong in a TLS handshake and ping with the client's certificates, said; empty if nothing did. */
    // deprecation: Testcontainers 2 deprecates its strategy classes for users to pick; it still reads DOCKER_CERT_PATH
    // with this one, so the certificates are read here exactly as they were for the connection that failed.
    @SuppressWarnings("deprecation")
    private static Optional<String> handshakeFailure(URI host, String engine, String certs) {
        SSLContext context;
        try {
            context = new EnvironmentAndSystemPropertyClientProviderStrategy().getTransportConfig().getSslConfig()
                    .getSSLContext();
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of(engine + " speaks TLS, but the certificates in " + certs + " cannot be read ("
                    + innermost(e) + "): set " + CERT_PATH + " to a folder with the ca.pem, cert.pem and key.pem of a"
                    + " client it accepts");
        }
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host.getHost(), host.getPort()), PROBE_MILLIS);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host.getHost(),
                    host.getPort(), false)) {
                socket.setSoTimeout(PROBE_MILLIS);
                // TLS 1.2, which every engine speaks: the engine checks the client's certificate within the handshake
                // (in TLS 1.3 only after it, when its refusal races our request).
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                socket.startHandshake();
                String answer = ping(socket);
                return answer.startsWith("HTTP/") ? Optional.empty()
                        : Optional.of(engine + " gave no answer over TLS to a ping");
            }
        } catch (IOException e) {
            if (distrusted(e)) {
                return Optional.of(engine + " has a certificate that the ca.pem in " + certs + " did not sign ("
                        + innermost(e) + "): set " + CERT_PATH + " to the folder of a client of that engine, whose"
                        + " ca.pem signed the engine's certificate");
            }
            // This side trusted the engine; the engine, which checks the client's certificate, ended the handshake.
            return Optional.of(engine + " does not accept the client certificate in " + certs + " (" + innermost(e)
                    + "): set " + CERT_PATH + " to a folder whose cert.pem and key.pem are a client's that the engine's"
                    + " --tlscacert signed");
        }
    }

    /** Whether this side refused the engine's certificate (rather than the engine this side's). */
    private static boolean distrusted(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CertificateException || cause instanceof CertPathBuilderException) {
                return true;
            }
        }
        return false;
    }

    private static String ping(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] answer = in.readNBytes(256);
        return new String(answer, StandardCharsets.ISO_8859_1);
    }

    /** The deepest cause's message: the TLS layer's own words ("PKIX path building failed", "bad_certificate"). */
    private static String innermost(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        return message.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
