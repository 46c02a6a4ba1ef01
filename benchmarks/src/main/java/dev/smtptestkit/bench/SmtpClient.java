package dev.smtptestkit.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The one client every contender gets: a raw-socket SMTP client without pipelining (each command
 * waits for its reply), so no receiver gains from a feature another lacks. Messages are given
 * already dot-stuffed and ending in CRLF; the client adds the terminating ".".
 */
final class SmtpClient implements AutoCloseable {

    private static final byte[] END_OF_DATA = ".\r\n".getBytes(StandardCharsets.US_ASCII);

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StringBuilder line = new StringBuilder();

    private SmtpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** Connects, reads the greeting and sends EHLO. */
    static SmtpClient open(int port, int timeoutMillis) throws IOException {
        SmtpClient client = connect(port, timeoutMillis);
        try {
            client.expect(220);
            client.command("EHLO bench.client", 250);
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Connects only. */
    static SmtpClient connect(int port, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress(Contender.LOOPBACK, port), timeoutMillis);
            return new SmtpClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** One transaction: MAIL, RCPT, DATA, content, end of data; returns once the 250 arrived. */
    void send(byte[] message) throws IOException {
        send(message, false);
    }

    /** A transaction; with {@code declareSize} MAIL carries SIZE=octets (RFC 1870 6). */
    void send(byte[] message, boolean declareSize) throws IOException {
        command("MAIL FROM:<sender@bench.test>" + (declareSize ? " SIZE=" + message.length : ""), 250);
        command("RCPT TO:<rcpt@bench.test>", 250);
        command("DATA", 354);
        content(message);
    }

    /** The content and the final dot, after 354; returns once the 250 arrived. */
    void content(byte[] message) throws IOException {
        out.write(message);
        out.write(END_OF_DATA);
        out.flush();
        expect(250);
    }

    /**
     * STARTTLS (RFC 3207): the command, the 220, the handshake with {@code context}, then EHLO again
     * over TLS as the RFC requires.
     */
    void startTls(javax.net.ssl.SSLContext context) throws IOException {
        command("STARTTLS", 220);
        javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket(socket, Contender.LOOPBACK, socket.getPort(), true);
        tls.startHandshake();
        socket = tls;
        in = new BufferedInputStream(tls.getInputStream(), 8192);
        out = new BufferedOutputStream(tls.getOutputStream(), 64 * 1024);
        command("EHLO bench.client", 250);
    }

    /** QUIT and wait for 221. */
    void quit() throws IOException {
        command("QUIT", 221);
    }

    void command(String text, int expected) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
        out.flush();
        expect(expected);
    }

    /** Reads a possibly multi-line reply and checks its code. */
    void expect(int expected) throws IOException {
        while (true) {
            String l = readLine();
            if (l.length() < 3) {
                throw new IOException("short reply line '" + l + "'");
            }
            int code = Integer.parseInt(l.substring(0, 3));
            if (l.length() > 3 && l.charAt(3) == '-') {
                continue;
            }
            if (code != expected) {
                throw new RefusedException("expected " + expected + " but got '" + l + "'");
            }
            return;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new RefusedException("connection closed by the server");
            }
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** The server answered with an unexpected code or closed the connection. */
    static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }
}
