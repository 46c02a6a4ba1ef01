package dev.smtptestkit.reliability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A bare SMTP client on a {@link Socket}: it writes exactly the octets it is given and reads
 * replies line by line, so tests control framing, pipelining and where the connection breaks.
 * Every read has a timeout; nothing here can block a test forever.
 */
final class RawClient implements AutoCloseable {

    static final int READ_TIMEOUT_MILLIS = 15_000;
    private static final int MAX_REPLY_LINE = 4096;
    private static final Pattern REPLY_LINE = Pattern.compile("[2-5][0-9][0-9][ -].*", Pattern.DOTALL);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:port; does not read the greeting. */
    static RawClient connect(int port) {
        return connect(InetAddress.getLoopbackAddress(), port);
    }

    static RawClient connect(InetAddress address, int port) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address, port), 5_000);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            return new RawClient(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // reported below
            }
            throw new UncheckedIOException("cannot connect to " + address.getHostAddress() + ":" + port, e);
        }
    }

    /** Connects, reads the 220 greeting and sends EHLO, checking both. */
    static RawClient ready(int port) {
        RawClient client = connect(port);
        client.expect(220);
        client.send("EHLO client.test\r\n");
        client.expect(250);
        return client;
    }

    Socket socket() {
        return socket;
    }

    void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) {
        send(bytes, 0, bytes.length);
    }

    void send(byte[] bytes, int off, int len) {
        try {
            out.write(bytes, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one command line (CRLF added) and reads its reply. */
    SmtpReply command(String line) {
        send(line + "\r\n");
        return reply();
    }

    /** Reads one reply, single- or multi-line. */
    SmtpReply reply() {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new UncheckedIOException(new IOException("connection closed while reading a reply; got " + lines));
            }
            if (!REPLY_LINE.matcher(line).matches()) {
                throw new IllegalStateException("not a reply line: '" + line + "' after " + lines);
            }
            lines.add(line);
            if (line.charAt(3) == ' ') {
                return SmtpReply.parse(lines);
            }
        }
    }

    /**
     * Sends {@code count} pipelined transactions, each {@code mail} (a MAIL command line),
     * {@code RCPT TO:<r@x.test>} and {@code message} (dot-stuffed, ending in CRLF), and checks that
     * each was accepted.
     */
    void transactions(int count, String mail, String message) {
        for (int k = 0; k < count; k++) {
            send(mail + "\r\nRCPT TO:<r@x.test>\r\nDATA\r\n");
            expect(250);
            expect(250);
            expect(354);
            send(message + ".\r\n");
            String status = reply().status();
            if (!status.equals("250 2.0.0")) {
                throw new AssertionError("message " + k + " got " + status + " instead of 250 2.0.0");
            }
        }
    }

    /** Reads one reply and checks its code. */
    SmtpReply expect(int code) {
        SmtpReply reply = reply();
        if (reply.code() != code) {
            throw new AssertionError("expected " + code + " but got " + reply);
        }
        return reply;
    }

    /** One reply line without CRLF, or null at end of stream. */
    String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.UTF_8);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                if (line.size() > MAX_REPLY_LINE) {
                    throw new IllegalStateException("reply line longer than " + MAX_REPLY_LINE);
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no reply within " + READ_TIMEOUT_MILLIS + " ms; read so far: '"
                    + line.toString(StandardCharsets.UTF_8) + "'", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the server closed the connection: end of stream (or a reset) within the read timeout,
     * after skipping anything still unread.
     */
    boolean closedByPeer() {
        try {
            byte[] skip = new byte[8192];
            while (true) {
                if (in.read(skip) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the server: closed too
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resets the connection: SO_LINGER 0 makes close() send RST instead of FIN. */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Half-closes: FIN to the server, the read side stays open. */
    void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
