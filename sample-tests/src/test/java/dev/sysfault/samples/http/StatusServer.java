// A tiny local HTTP server for the client's tests: GET /status answers "ok", after as many 503s as asked.
package dev.sysfault.samples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

final class StatusServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failuresToGo = new AtomicInteger();

    StatusServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", this::answer);
        server.start();
    }

    /** The address of /status, by IP: no name lookup, so the client's only network calls are to this server. */
    URI statusUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/status");
    }

    /** The next {@code n} requests get 503 Service Unavailable. */
    void failNext(int n) {
        failuresToGo.set(n);
    }

    /** How many requests reached the server. */
    int requests() {
        return requests.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        boolean fail = failuresToGo.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        byte[] body = (fail ? "busy" : "ok").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
