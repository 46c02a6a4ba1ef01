package dev.smtptestkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A loopback TCP relay that records every octet clients send to a target port: point a real
 * client (Angus Mail) at {@link #port()} and compare what the receiver recorded with what really
 * went over the wire. Not a mock: both sides are real sockets, the octets are forwarded unchanged.
 */
public final class WireTap implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final ByteArrayOutputStream fromClients = new ByteArrayOutputStream();
    private final List<Thread> pumps = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;

    /** Starts relaying 127.0.0.1:{@link #port()} to 127.0.0.1:{@code targetPort}. */
    public WireTap(int targetPort) {
        this.target = targetPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.acceptor = new Thread(this::acceptLoop, "wiretap-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress("127.0.0.1", target), 10_000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                synchronized (this) {
                    sockets.add(client);
                    sockets.add(server);
                    pumps.add(pump(client, server, true));
                    pumps.add(pump(server, client, false));
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private Thread pump(Socket from, Socket to, boolean record) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (record) {
                        synchronized (fromClients) {
                            fromClients.write(buffer, 0, n);
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "wiretap-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Every octet clients sent so far, in order. */
    public byte[] clientOctets() {
        synchronized (fromClients) {
            return fromClients.toByteArray();
        }
    }

    /**
     * The message content of the first DATA transaction the clients sent: the octets after the
     * {@code DATA} command line up to and including the CRLF before the terminating {@code .CRLF},
     * with the leading dot of each line removed (RFC 5321 4.5.2).
     */
    public byte[] firstDataContent() {
        byte[] wire = clientOctets();
        int start = indexOf(wire, "\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (start < 0) {
            throw new AssertionError("no DATA command on the wire: " + new String(wire, StandardCharsets.UTF_8));
        }
        start += 8;
        int end = indexOf(wire, "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII), start - 2);
        if (end < 0) {
            throw new AssertionError("no end of data on the wire");
        }
        byte[] stuffed = Arrays.copyOfRange(wire, start, end + 2);
        ByteArrayOutputStream content = new ByteArrayOutputStream(stuffed.length);
        boolean lineStart = true;
        for (byte b : stuffed) {
            if (!(lineStart && b == '.')) {
                content.write(b);
                lineStart = b == '\n';
            } else {
                lineStart = false;
            }
        }
        return content.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        closeQuietly(listener);
        List<Thread> threads;
        synchronized (this) {
            sockets.forEach(WireTap::closeQuietly);
            threads = List.copyOf(pumps);
        }
        try {
            acceptor.join(5_000);
            for (Thread t : threads) {
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is all we wanted
        }
    }
}
