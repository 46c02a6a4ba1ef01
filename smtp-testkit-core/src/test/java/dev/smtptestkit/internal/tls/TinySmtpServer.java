package dev.smtptestkit.internal.tls;

import dev.smtptestkit.ClientAuth;
import dev.smtptestkit.TlsDetails;
import dev.smtptestkit.TlsMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Just enough SMTP, over {@link ServerTls}, for Angus Mail to deliver one message with STARTTLS
 * or implicit TLS (the receiver's engine is not wired to TLS yet). Queues the TLS details.
 */
final class TinySmtpServer implements AutoCloseable {

    private final ServerTls tls;
    private final TlsMode mode;
    private final ServerSocket listener;
    private final BlockingQueue<Object> results = new LinkedBlockingQueue<>();

    TinySmtpServer(ServerTls tls, TlsMode mode) throws IOException {
        this.tls = tls;
        this.mode = mode;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread thread = new Thread(this::serve, "tiny-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The TLS details of the session that delivered a message, or the exception it ended with. */
    Object next() throws InterruptedException {
        return results.poll(30, TimeUnit.SECONDS);
    }

    private void serve() {
        try (Socket plain = listener.accept()) {
            plain.setSoTimeout(10_000);
            Socket socket = mode == TlsMode.IMPLICIT ? tls.wrap(plain, true, ClientAuth.NONE) : plain;
            TlsDetails details = socket instanceof javax.net.ssl.SSLSocket s ? ServerTls.details(s) : null;
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            write(out, "220 tiny ESMTP");
            for (String line; (line = in.readLine()) != null; ) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO" -> write(out, mode == TlsMode.STARTTLS && details == null
                            ? "250-tiny\r\n250 STARTTLS" : "250 tiny");
                    case "STAR" -> {
                        write(out, "220 2.0.0 Ready to start TLS");
                        socket = tls.wrap(socket, true, ClientAuth.NONE);
                        details = ServerTls.details((javax.net.ssl.SSLSocket) socket);
                        in = reader(socket);
                        out = socket.getOutputStream();
                    }
                    case "DATA" -> {
                        write(out, "354 go on");
                        while (!".".equals(in.readLine())) {
                            // the message
                        }
                        write(out, "250 2.0.0 accepted");
                        results.add(details == null ? "no TLS" : details);
                    }
                    case "QUIT" -> {
                        write(out, "221 bye");
                        return;
                    }
                    default -> write(out, "250 ok");
                }
            }
        } catch (IOException e) {
            results.add(e);
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
