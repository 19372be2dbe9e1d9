// The connection between a parent and a worker that listens on a port: the token first, then the worker protocol.
package dev.sysfault.worker.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The worker's port may be reached by anyone who reaches the engine's host, so the worker obeys only a connection
 * that first says its token (from its environment), and then only that one. Engines pass a published port on
 * through a proxy that accepts a connection before anything listens behind it and then closes it: the parent
 * connects again until the worker says {@code Ready} ({@link WorkerProcess}). Each message is flushed as it is
 * written, so both sides send at once (no Nagle): a test's few small messages cost no delayed acknowledgement.
 */
final class RemoteConnection {

    private static final int TOKEN_BYTES = 16;

    private RemoteConnection() {
    }

    /** A new token for a worker. */
    static String newToken() {
        byte[] token = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(token);
        return HexFormat.of().formatHex(token);
    }

    /** In the worker: the first connection on {@code port} that says the token, blocking. */
    static SocketChannel accept(int port) throws IOException {
        String token = System.getenv(RemoteStart.TOKEN_VARIABLE);
        if (token == null || token.isEmpty()) {
            throw new IllegalStateException("a worker that listens needs " + RemoteStart.TOKEN_VARIABLE);
        }
        byte[] expected = token.getBytes(StandardCharsets.US_ASCII);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(port));
            while (true) {
                SocketChannel channel = server.accept();
                ByteBuffer said = ByteBuffer.allocate(expected.length);
                try {
                    while (said.hasRemaining() && channel.read(said) >= 0) {
                        // until the token's length, or the end of the stream
                    }
                } catch (IOException dropped) {
                    // a connection that ended badly says no token
                }
                if (MessageDigest.isEqual(said.array(), expected) && !said.hasRemaining()) {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    return channel;
                }
                channel.close();
            }
        }
    }

    /** In the parent: a connection to the worker at {@code address}, the token said. */
    static SocketChannel connect(InetSocketAddress address, String token) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.write(ByteBuffer.wrap(token.getBytes(StandardCharsets.US_ASCII)));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }
}
