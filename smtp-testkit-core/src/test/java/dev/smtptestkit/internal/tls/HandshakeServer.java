package dev.smtptestkit.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.ClientAuth;
import dev.smtptestkit.TlsDetails;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;

/**
 * A loopback server that runs {@link ServerTls#wrap} on each accepted socket, on its own thread
 * (as a session thread would), and queues what happened: details or the handshake failure.
 * After a handshake it reads until the client closes, so clients that wait for the server
 * (openssl s_client) end cleanly.
 */
final class HandshakeServer implements AutoCloseable {

    /** One connection's result: exactly one of details and failure is set. */
    record Outcome(TlsDetails details, TlsHandshakeException failure, long nanos) {
    }

    private final ServerTls tls;
    private final ClientAuth clientAuth;
    private final int readTimeoutMillis;
    private final ServerSocket listener;
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    HandshakeServer(ServerTls tls, ClientAuth clientAuth) throws IOException {
        this(tls, clientAuth, 10_000, InetAddress.getLoopbackAddress());
    }

    HandshakeServer(ServerTls tls, ClientAuth clientAuth, int readTimeoutMillis, InetAddress bind) throws IOException {
        this.tls = tls;
        this.clientAuth = clientAuth;
        this.readTimeoutMillis = readTimeoutMillis;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(bind, 0));
        this.acceptor = new Thread(this::acceptLoop, "handshake-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The next connection's outcome; fails the test if none arrives within 30 s. */
    Outcome next() throws InterruptedException {
        Outcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
        assertThat(outcome).as("a handshake outcome within 30 s").isNotNull();
        return outcome;
    }

    TlsDetails nextDetails() throws InterruptedException {
        Outcome outcome = next();
        assertThat(outcome.failure()).as("handshake failure").isNull();
        return outcome.details();
    }

    TlsHandshakeException nextFailure() throws InterruptedException {
        Outcome outcome = next();
        assertThat(outcome.details()).as("handshake details (expected a failure)").isNull();
        return outcome.failure();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try (Socket plain = listener.accept()) {
                plain.setSoTimeout(readTimeoutMillis);
                serve(plain);
            } catch (IOException e) {
                // listener closed, or one connection broke after its outcome was queued
            }
        }
    }

    private void serve(Socket plain) throws IOException {
        long start = System.nanoTime();
        SSLSocket socket;
        try {
            socket = tls.wrap(plain, true, clientAuth);
        } catch (TlsHandshakeException e) {
            outcomes.add(new Outcome(null, e, System.nanoTime() - start));
            return;
        }
        outcomes.add(new Outcome(ServerTls.details(socket), null, System.nanoTime() - start));
        try (socket; InputStream in = socket.getInputStream()) {
            while (in.read() >= 0) {
                // until the client closes (or the read timeout)
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
