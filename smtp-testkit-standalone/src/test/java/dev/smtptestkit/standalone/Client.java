package dev.smtptestkit.standalone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw-socket SMTP client: sends exactly the octets given and reads reply lines, with a read timeout. */
final class Client implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Client(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        expect("220 ");
        command("EHLO client.test", "250 ");
    }

    /** Sends octets as they are (ISO-8859-1 for the chars below 256, so any control octet can be sent). */
    void send(String octets) throws IOException {
        out.write(octets.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends a line (CRLF added) and returns the last line of its reply. */
    String command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    private void command(String line, String expected) throws IOException {
        String reply = command(line);
        if (!reply.startsWith(expected)) {
            throw new AssertionError("'" + line + "' got '" + reply + "', expected " + expected);
        }
    }

    /** One transaction with {@code message} (which ends in CRLF and has no line starting with a dot); the reply to the data. */
    String sendMessage(String message) throws IOException {
        command("MAIL FROM:<a@example.com>", "250 ");
        command("RCPT TO:<b@example.com>", "250 ");
        command("DATA", "354 ");
        send(message + ".\r\n");
        return reply();
    }

    /** The last line of the next reply, without CRLF. */
    String reply() throws IOException {
        while (true) {
            String line = line();
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
    }

    private void expect(String start) throws IOException {
        String reply = reply();
        if (!reply.startsWith(start)) {
            throw new AssertionError("got '" + reply + "', expected " + start);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new UncheckedIOException(new IOException("closed after '" + line + "'"));
            }
            if (b != '\r' && line.size() < 4096) {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
