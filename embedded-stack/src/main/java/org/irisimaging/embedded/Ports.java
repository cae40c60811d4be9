package org.irisimaging.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Small helpers for the TCP ports of the embedded servers. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago (the usual bind-to-0 trick; a tiny race is possible). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free TCP port", e);
        }
    }

    /**
     * Fails fast when {@code port} is taken, with a message naming the port and what wanted it.
     *
     * @throws PortInUseException if something already listens on that port (on any address)
     */
    public static void requireFree(int port, String what) {
        if (port == 0) {
            return;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port + " for " + what);
        }
        try (ServerSocket socket = new ServerSocket()) {
            // SO_REUSEADDR still refuses a port that has a listener, but ignores TIME_WAIT leftovers.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new PortInUseException(port, what);
        }
    }

    /** Port 0 means "any free port": resolves it now, so the caller knows the number up front. */
    static int resolve(int port) {
        return port == 0 ? freePort() : port;
    }

    /** Thrown when a requested port is already taken. */
    public static final class PortInUseException extends IllegalStateException {
        private final int port;

        public PortInUseException(int port, String what) {
            super("port " + port + " (" + what + ") is already in use; stop whatever listens there or choose another port");
            this.port = port;
        }

        public int port() {
            return port;
        }
    }
}
