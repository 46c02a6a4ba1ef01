package dev.smtptestkit.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw-socket SMTP client for tests of framing and protocol edge cases: connect, read the
 * greeting, send exact bytes, read whole (possibly multi-line) replies. Every read has a timeout,
 * so a test never hangs on a silent server.
 *
 * <pre>{@code
 * try (SmtpClient client = SmtpClient.connect(receiver.port())) {
 *     assertThat(client.greeting()).startsWith("220 ");
 *     assertThat(client.command("EHLO me")).contains("250 SMTPUTF8");
 *     client.send("MAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\n");
 *     assertThat(client.replies(2)).containsExactly("250 2.1.0 Sender OK", "250 2.1.5 Recipient OK");
 * }
 * }</pre>
 */
public final class SmtpClient implements AutoCloseable {

    /** How long one read may wait for the server. */
    public static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String greeting;

    private SmtpClient(Socket socket, boolean readGreeting) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.greeting = readGreeting ? readReply() : "";
    }

    /** Connects to 127.0.0.1:port and reads the greeting. */
    public static SmtpClient connect(int port) {
        return open(port, true);
    }

    /** Connects to 127.0.0.1:port without reading anything yet. */
    public static SmtpClient connectSilently(int port) {
        return open(port, false);
    }

    private static SmtpClient open(int port, boolean readGreeting) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            return new SmtpClient(socket, readGreeting);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException(e);
        }
    }

    /** The greeting read on connect ("" after {@link #connectSilently}). */
    public String greeting() {
        return greeting;
    }

    /** The socket, for options and the local port. */
    public Socket socket() {
        return socket;
    }

    /** Sends the text as UTF-8, exactly as given (no CRLF added), in one write. */
    public SmtpClient send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the octets in one write. */
    public SmtpClient send(byte[] octets) {
        try {
            out.write(octets);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one command line (CRLF added) and reads its whole reply. */
    public String command(String line) {
        send(line + "\r\n");
        return readReply();
    }

    /**
     * Runs one DATA transaction after EHLO/HELO: MAIL, one RCPT per recipient, DATA, the content
     * dot-stuffed (RFC 5321 4.5.2) and terminated. The content must end with CRLF.
     *
     * @return the reply to the end of data, for example {@code 250 2.0.0 OK: message accepted as s1.1}
     * @throws IllegalStateException when MAIL, a RCPT or DATA is refused
     */
    public String sendMessage(String sender, List<String> recipients, String content) {
        expect(command("MAIL FROM:<" + sender + ">"), "250");
        for (String recipient : recipients) {
            expect(command("RCPT TO:<" + recipient + ">"), "250");
        }
        expect(command("DATA"), "354");
        send(dotStuff(content) + ".\r\n");
        return readReply();
    }

    /** Doubles the leading dot of every line (RFC 5321 4.5.2); the first line counts as a line start. */
    public static String dotStuff(String content) {
        return (content.startsWith(".") ? "." : "") + content.replace("\r\n.", "\r\n..");
    }

    private static void expect(String reply, String code) {
        if (!reply.startsWith(code)) {
            throw new IllegalStateException("expected " + code + " but the server answered: " + reply);
        }
    }

    /** Reads {@code n} replies, each as returned by {@link #readReply()}. */
    public List<String> replies(int n) {
        List<String> replies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            replies.add(readReply());
        }
        return replies;
    }

    /**
     * Reads one whole reply: every line up to the one whose code is followed by a space
     * (RFC 5321 4.2.1), lines joined with {@code \n}, without CRLF.
     *
     * @throws UncheckedIOException when the server closes the connection or stays silent
     */
    public String readReply() {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new UncheckedIOException(new IOException("connection closed by the server after: " + reply));
            }
            if (reply.length() > 0) {
                reply.append('\n');
            }
            reply.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
        }
    }

    /** The three-digit code of a reply string. */
    public static int code(String reply) {
        return Integer.parseInt(reply.substring(0, 3));
    }

    /**
     * Reads until the server closes the connection and returns what arrived before the end.
     *
     * @throws UncheckedIOException when the server neither closes nor sends within the read timeout
     */
    public String readUntilClosed() {
        return readRest(true);
    }

    /**
     * As {@link #readUntilClosed()}, but only an orderly close (FIN, end of stream) ends it: a
     * reset fails with the {@link java.net.SocketException} it raised.
     *
     * @throws UncheckedIOException on a reset, or when the server neither closes nor sends in time
     */
    public String readUntilEndOfStream() {
        return readRest(false);
    }

    private String readRest(boolean resetIsClose) {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                rest.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new UncheckedIOException(new IOException("the server did not close the connection; got: "
                    + rest.toString(StandardCharsets.UTF_8), e));
        } catch (IOException e) {
            if (!resetIsClose) {
                throw new UncheckedIOException("a reset instead of end of stream, after: "
                        + rest.toString(StandardCharsets.UTF_8), e);
            }
            // a reset is a close too
        }
        return rest.toString(StandardCharsets.UTF_8);
    }

    private String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        try {
            int prev = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                if (prev == '\r' && b == '\n') {
                    byte[] bytes = line.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                }
                line.write(b);
                prev = b;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the socket without QUIT. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed is what we wanted
        }
    }
}
