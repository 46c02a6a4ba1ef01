package dev.smtptestkit.assertj;

import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Real subjects for the assertion tests: canned messages sent over a raw socket to a real receiver,
 * so sizes, ids and dialogues are the same on every run and the exact failure texts can be pinned.
 */
final class TestMail {

    static final String SIMPLE = """
            Date: Mon, 30 Nov 2026 10:00:00 +0000
            From: Alice <alice@example.com>
            To: bob@example.com
            Cc: carol@example.com
            Reply-To: support@example.com
            Subject: Welcome 100% aboard
            Message-ID: <1@example.com>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=UTF-8

            Hello Bob,
            please activate your account.
            """;

    static final String MULTIPART = """
            From: shop@example.com
            To: customer@example.com
            Subject: Your invoice
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="mixed"

            --mixed
            Content-Type: multipart/related; boundary="related"

            --related
            Content-Type: multipart/alternative; boundary="alt"

            --alt
            Content-Type: text/plain; charset=ISO-8859-1

            Amount due: 42 EUR
            --alt
            Content-Type: text/html; charset=ISO-8859-1

            <p>Amount due: <b>42 EUR</b></p>
            --alt--
            --related
            Content-Type: image/png
            Content-ID: <logo@example.com>
            Content-Disposition: inline
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --related--
            --mixed
            Content-Type: text/csv; charset=UTF-8; name=report.csv
            Content-Disposition: attachment; filename=report.csv

            id;amount
            1;42
            --mixed--
            """;

    private TestMail() {
    }

    /** Starts a receiver, sends one message, closes the receiver and returns the email: id s1.1. */
    static ReceivedEmail receive(String from, List<String> recipients, String message) {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            send(receiver, from, recipients, message);
            return receiver.mailbox().singleEmail();
        }
    }

    /** The simple text email: From alice, To bob, Cc carol, envelope recipients bob, carol and dave (Bcc). */
    static ReceivedEmail simple() {
        return receive("alice@example.com", List.of("bob@example.com", "carol@example.com", "dave@example.com"),
                SIMPLE);
    }

    /** The multipart invoice: text and HTML bodies, an inline image, a CSV attachment, no Date header. */
    static ReceivedEmail multipart() {
        return receive("shop@example.com", List.of("customer@example.com"), MULTIPART);
    }

    /** Sends one message in one session (EHLO client.example ... QUIT), waiting for every reply. */
    static void send(SmtpReceiver receiver, String from, List<String> recipients, String message) {
        try (Client client = new Client(receiver.port())) {
            client.command("EHLO client.example");
            client.command("MAIL FROM:<" + from + ">");
            for (String recipient : recipients) {
                client.command("RCPT TO:<" + recipient + ">");
            }
            client.command("DATA");
            client.command(message.replace("\n", "\r\n") + ".");
            client.command("QUIT");
        }
    }

    /** Sends a message with MAIL, RCPT and DATA in one write after EHLO (RFC 2920 pipelining). */
    static void sendPipelined(SmtpReceiver receiver) {
        try (Client client = new Client(receiver.port())) {
            client.command("EHLO pipe.example");
            client.write("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
            client.reply();
            client.reply();
            client.reply();
            client.command("Subject: piped\r\n\r\nhi\r\n.");
            client.command("QUIT");
        }
    }

    /** Sends a text email with Angus Mail (jakarta.mail Transport) on another thread. */
    static CompletableFuture<Void> sendLaterWithAngusMail(SmtpReceiver receiver, String to, String subject) {
        Properties properties = receiver.javaMailProperties();
        return CompletableFuture.runAsync(() -> {
            try {
                MimeMessage message = new MimeMessage(Session.getInstance(properties));
                message.setFrom("app@example.com");
                message.setRecipients(Message.RecipientType.TO, to);
                message.setSubject(subject);
                message.setText("sent later");
                Transport.send(message);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The receiver's EHLO keywords as a rendered dialogue folds them. */
    static final String CAPABILITIES = "SIZE 67108864, 8BITMIME, PIPELINING, SMTPUTF8, ENHANCEDSTATUSCODES, CHUNKING, DSN";

    /**
     * The rendered dialogue of a session {@link #send} recorded: greeting, EHLO client.example and
     * its reply, then the given lines, then QUIT; each line prefixed by {@code indent}.
     */
    static String dialogue(String indent, String... transaction) {
        List<String> lines = new java.util.ArrayList<>(List.of("S: 220 localhost ESMTP smtp-testkit ready",
                "C: EHLO client.example", "S: 250 localhost greets client.example (" + CAPABILITIES + ")"));
        lines.addAll(List.of(transaction));
        lines.addAll(List.of("C: QUIT", "S: 221 2.0.0 localhost closing connection"));
        return indent + String.join("\n" + indent, lines);
    }

    /** The dialogue lines of one accepted message, as {@link #dialogue} takes them. */
    static String[] transaction(String from, String to, int dataOctets) {
        return new String[] {"C: MAIL FROM:<" + from + ">", "S: 250 2.1.0 Sender OK", "C: RCPT TO:<" + to + ">",
            "S: 250 2.1.5 Recipient OK", "C: DATA", "S: 354 Start mail input; end with <CRLF>.<CRLF>",
            "C: <" + dataOctets + " bytes>", "S: 250 2.0.0 OK: message accepted as s1.1"};
    }

    /** The failure message of an assertion that must fail. */
    static String failureOf(ThrowingCallable assertion) {
        Throwable thrown = catchThrowable(assertion);
        if (!(thrown instanceof AssertionError)) {
            throw new AssertionError("Expected the assertion to fail, but it threw " + thrown);
        }
        return thrown.getMessage();
    }

    /** A raw SMTP client over a loopback socket: one line out, one complete reply in. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Client(int port) {
            try {
                socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(10_000);
                in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                out = socket.getOutputStream();
                reply();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String command(String line) {
            write(line + "\r\n");
            return reply();
        }

        void write(String raw) {
            try {
                out.write(raw.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads one reply, all its lines; returns the last line. */
        String reply() {
            try {
                String line;
                do {
                    line = in.readLine();
                    if (line == null) {
                        throw new IOException("connection closed before a reply");
                    }
                } while (line.length() > 3 && line.charAt(3) == '-');
                return line;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
