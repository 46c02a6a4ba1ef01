package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A smaller fuzz over real sockets: random token streams, sent at once and half-closed. Every line
 * the receiver writes is a well-formed reply, no session ends in an internal error, and the same
 * receiver then serves a clean transaction. The seed is printed on failure, as in {@link SessionFuzzTest}.
 */
class SocketFuzzTest {

    private static final Pattern REPLY_LINE = Pattern.compile("[2-5][0-9][0-9][ -][\\x20-\\x7e]*");
    private static SmtpReceiver receiver;

    @BeforeContainer
    static void start() {
        receiver = SmtpReceiver.builder().maxMessageSize(64 * 1024).maxRecipients(10)
                .idleTimeout(Duration.ofSeconds(5)).start();
    }

    @AfterContainer
    static void stop() {
        receiver.close();
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<String> token = Arbitraries.of("EHLO x\r\n", "MAIL FROM:<a@x>", "RCPT TO:<b@x>", " SIZE=70000",
                "DATA\r\n", "BDAT ", "BDAT 3", " LAST", "\r\n", "RSET\r\n", "QUIT\r\n", "NOOP\r\n", "\r", "\n", ".",
                "\r\n.\r\n", "\u0000", "\u00ff", "9", "x".repeat(1500), "VRFY", "HELP\r\n");
        return token.list().ofMaxSize(60).map(list -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.forEach(t -> out.writeBytes(t.getBytes(StandardCharsets.ISO_8859_1)));
            return out.toByteArray();
        });
    }

    @Property(tries = 60)
    void everyReplyIsWellFormedAndTheReceiverGoesOn(@ForAll("streams") byte[] stream) throws IOException {
        String session;
        try (RawClient client = RawClient.connect(receiver.port())) {
            session = Sessions.idOf(receiver.mailbox(), client.socket().getLocalPort());
            try {
                client.send(stream);
                client.shutdownOutput();
            } catch (java.io.UncheckedIOException e) {
                // the receiver may close first (QUIT, 421) while octets are still on their way
            }
            String[] lines = readAll(client.socket().getInputStream()).split("\r\n", -1);
            for (int k = 0; k < lines.length - 1; k++) {
                assertThat(lines[k]).as("reply line %d", k).matches(REPLY_LINE);
            }
        }
        SmtpEvent.ClientDisconnected end = Sessions.awaitEnd(receiver.mailbox(), session);
        assertThat(end.reason()).as("%s", end)
                .isIn(DisconnectReason.QUIT, DisconnectReason.CLIENT_CLOSED, DisconnectReason.LIMIT_EXCEEDED);
        try (RawClient clean = RawClient.ready(receiver.port())) {
            assertThat(LoadRun.sendData(clean, TestMessage.generate(9, 9, 1), false).status()).isEqualTo("250 2.0.0");
            assertThat(clean.command("QUIT").code()).isEqualTo(221);
        }
        List<SmtpEvent.ClientDisconnected> errors = receiver.mailbox().events(SmtpEvent.ClientDisconnected.class)
                .stream().filter(d -> d.reason() == DisconnectReason.IO_ERROR).toList();
        assertThat(errors).isEmpty();
    }

    // Everything until the receiver closes; a reset after its last reply ends the reading too.
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > 4 << 20) {
                    throw new AssertionError("more than 4 MiB of replies");
                }
            }
        } catch (SocketException e) {
            return out.toString(StandardCharsets.ISO_8859_1);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
