package io.connvo.meetings.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A local port that accepts every connection and resets it at once, as a crashed or restarting server would:
 * for clients that must cope with a peer that is there but never answers.
 */
public final class ResettingServer implements AutoCloseable {

    private final ServerSocket socket;

    private ResettingServer(ServerSocket socket) {
        this.socket = socket;
    }

    /** Listens on a free loopback port until closed. */
    public static ResettingServer start() {
        ServerSocket socket;
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread closer = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket accepted = socket.accept()) {
                    accepted.setSoLinger(true, 0); // closing with linger 0 sends a reset
                } catch (IOException closed) {
                    return;
                }
            }
        }, "resetting-server");
        closer.setDaemon(true);
        closer.start();
        return new ResettingServer(socket);
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
