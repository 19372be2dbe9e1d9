// A tiny TCP server for RunningProgramTest: answers each line of one client with "got <line>", until EOF.
package dev.sysfault.run.programs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

public final class LineServer {

    private LineServer() {
    }

    /** {@code LineServer PORT}: listens on 127.0.0.1:PORT, serves clients one after another, forever. */
    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 50, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on " + server.getLocalPort());
            System.out.flush();
            while (true) {
                try (Socket client = server.accept();
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                        PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        out.println("got " + line);
                    }
                }
            }
        }
    }
}
