// A test's meeting point for bodies in containers: it holds each body until bodies of two containers wait at once.
package dev.sysfault.container;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Each body says its hostname on a line and waits for an answer. The answer is held until two bodies of two
 * different hostnames are waiting together, which proves that two ran at once; then they, and every later body at
 * once, are answered. Run one at a time, the first body would wait until its run's timeout killed it; a body whose
 * connection ended while it waited (its worker killed) is forgotten, so it meets no one.
 */
final class MeetingPoint implements AutoCloseable {

    private final ServerSocket server;
    private final Thread accepting;
    private final Map<Socket, String> waiting = new LinkedHashMap<>();
    private final Set<String> hostnames = new TreeSet<>();
    private final Set<String> metAtOnce = new TreeSet<>();

    MeetingPoint() throws IOException {
        server = new ServerSocket(0);
        accepting = new Thread(this::accept, "meeting-point");
        accepting.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every hostname a body said. */
    synchronized Set<String> hostnames() {
        return Set.copyOf(hostnames);
    }

    /** The hostnames of the bodies that were waiting together when they were let go (empty: they never met). */
    synchronized Set<String> metAtOnce() {
        return Set.copyOf(metAtOnce);
    }

    private void accept() {
        try {
            while (true) {
                Socket body = server.accept();
                String name = new BufferedReader(new InputStreamReader(body.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                arrived(body, name == null ? "?" : name);
            }
        } catch (IOException closed) {
            // close() ended the meeting point
        }
    }

    private synchronized void arrived(Socket body, String name) throws IOException {
        hostnames.add(name);
        if (!metAtOnce.isEmpty()) {
            answer(body);
            return;
        }
        waiting.keySet().removeIf(MeetingPoint::gone);   // a body killed while it waited met no one
        waiting.put(body, name);
        Set<String> together = new TreeSet<>(waiting.values());
        if (together.size() >= 2) {
            metAtOnce.addAll(together);
            for (Socket s : List.copyOf(waiting.keySet())) {
                answer(s);
            }
            waiting.clear();
        }
    }

    /**
     * Has the body's end closed (its worker killed)? A waiting body sends nothing after its line, so its stream
     * either ends or has nothing to read.
     */
    private static boolean gone(Socket body) {
        try {
            body.setSoTimeout(1);
            return body.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillThere) {
            return false;
        } catch (IOException broken) {
            return true;
        }
    }

    private static void answer(Socket body) throws IOException {
        try (body) {
            new PrintWriter(body.getOutputStream(), true, StandardCharsets.UTF_8).println("met");
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            accepting.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Socket> left;
        synchronized (this) {
            left = new ArrayList<>(waiting.keySet());
            waiting.clear();
        }
        for (Socket s : left) {
            s.close();
        }
    }
}
