// A client of a local HTTP server that gives up on connecting after its own 200 ms, for BlackholedPeerTest.
package dev.sysfault.run.programs;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

public final class ConnectWithTimeout {

    private static final int TIMEOUT_MS = 200;

    private ConnectWithTimeout() {
    }

    /**
     * {@code ConnectWithTimeout socket|http}: serves HTTP on 127.0.0.1, then connects to itself with a plain
     * {@code Socket.connect(address, 200)} or the JDK's {@code HttpClient} with a 200 ms connect timeout, and
     * prints "connected" or the exception that ended the attempt.
     */
    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(server), "server");
            serving.setDaemon(true);
            serving.start();
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            try {
                if (args[0].equals("socket")) {
                    try (Socket s = new Socket()) {
                        s.connect(address, TIMEOUT_MS);
                    }
                } else {
                    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(TIMEOUT_MS)).build();
                    client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + "/")).build(),
                            HttpResponse.BodyHandlers.discarding());
                }
                System.out.println("connected");
            } catch (IOException e) {
                System.out.println(e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    /** Answers every request with an empty 200, until the server closes. */
    private static void serve(ServerSocket server) {
        while (true) {
            try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                client.getInputStream().read(new byte[4096]);
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closed) {
                return;
            }
        }
    }
}
