package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.smtptestkit.testing.SmtpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The framing rules over a real socket, byte by byte: pipelining, SMTP smuggling, BDAT chunks,
 * disconnects mid-DATA, invalid bytes, over-long lines and the limits.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RawSocketProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private SmtpReceiver receiver;

    private SmtpClient connect(SmtpReceiver.Builder builder) {
        receiver = builder.start();
        return SmtpClient.connect(receiver.port());
    }

    private SmtpClient connect() {
        return connect(SmtpReceiver.builder());
    }

    private static SmtpClient ehlo(SmtpClient client) {
        assertThat(client.command("EHLO client.example")).startsWith("250-localhost greets client.example\n");
        return client;
    }

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private SmtpEvent.ClientDisconnected awaitDisconnect() {
        return receiver.mailbox().awaitEvent(SmtpEvent.ClientDisconnected.class, e -> true, WAIT);
    }

    @Test
    void aWholePipelinedTransactionIsAnsweredInOrder() {
        try (SmtpClient client = ehlo(connect())) {
            // RFC 2920 3.1: MAIL, RCPT and RCPT may be grouped; DATA ends the group.
            client.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\nDATA\r\n");
            assertThat(client.replies(4)).containsExactly(
                    "250 2.1.0 Sender OK",
                    "250 2.1.5 Recipient OK",
                    "250 2.1.5 Recipient OK",
                    "354 Start mail input; end with <CRLF>.<CRLF>");
            client.send("Subject: piped\r\n\r\nbody\r\n.\r\nQUIT\r\n");
            assertThat(client.replies(2)).containsExactly(
                    "250 2.0.0 OK: message accepted as s1.1",
                    "221 2.0.0 localhost closing connection");
            assertThat(client.readUntilClosed()).isEmpty();
        }
        ReceivedEmail email = receiver.mailbox().singleEmail();
        assertThat(email.rawText()).isEqualTo("Subject: piped\r\n\r\nbody\r\n");
        assertThat(email.envelope().recipients()).containsExactly("b@example.com", "c@example.com");
        assertThat(awaitDisconnect().reason()).isEqualTo(DisconnectReason.QUIT);
    }

    @Test
    void smugglingSequencesInsideDataNeverEndTheMessage() {
        // CVE-2023-51764 class: only CRLF.CRLF ends DATA (RFC 5321 4.1.1.4, 2.3.8).
        String content = "Subject: smuggle\r\n\r\n"
                + "a\n.\nMAIL FROM:<evil@x>\r\nRCPT TO:<victim@x>\r\nDATA\r\n"
                + "b\r.\rMAIL FROM:<evil@x>\r\n"
                + "c\n.\r\nMAIL FROM:<evil@x>\r\n"
                + "end\r\n";
        try (SmtpClient client = ehlo(connect())) {
            assertThat(client.command("MAIL FROM:<good@example.com>")).isEqualTo("250 2.1.0 Sender OK");
            assertThat(client.command("RCPT TO:<rcpt@example.com>")).isEqualTo("250 2.1.5 Recipient OK");
            assertThat(client.command("DATA")).startsWith("354 ");
            client.send(content + ".\r\n");
            assertThat(client.readReply()).isEqualTo("250 2.0.0 OK: message accepted as s1.1");
            assertThat(client.command("QUIT")).isEqualTo("221 2.0.0 localhost closing connection");
        }
        ReceivedEmail email = receiver.mailbox().singleEmail();
        assertThat(email.rawBytes()).isEqualTo(content.getBytes(StandardCharsets.US_ASCII));
        assertThat(email.envelope().sender()).isEqualTo("good@example.com");
        assertThat(receiver.mailbox().events(SmtpEvent.CommandReceived.class))
                .extracting(SmtpEvent.CommandReceived::command)
                .containsExactly("EHLO client.example", "MAIL FROM:<good@example.com>", "RCPT TO:<rcpt@example.com>",
                        "DATA", "QUIT");
    }

    @Test
    void bdatChunksMakeOneMessage() {
        try (SmtpClient client = ehlo(connect())) {
            client.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n");
            assertThat(client.replies(2)).containsExactly("250 2.1.0 Sender OK", "250 2.1.5 Recipient OK");
            String first = "Subject: chunks\r\n\r\n";
            client.send("BDAT " + first.length() + "\r\n" + first);
            assertThat(client.readReply()).isEqualTo("250 2.0.0 19 octets received");
            // A chunk is raw octets: dots are not unstuffed and CRLF.CRLF does not end it (RFC 3030 2).
            String last = ".\r\nbody\r\n.\r\n";
            client.send("BDAT " + last.length() + " LAST\r\n" + last);
            assertThat(client.readReply()).isEqualTo("250 2.0.0 OK: message accepted as s1.1");
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
        }
        assertThat(receiver.mailbox().singleEmail().rawText()).isEqualTo("Subject: chunks\r\n\r\n.\r\nbody\r\n.\r\n");
        // A BDAT's CommandReceived carries the reply sent once its chunk was read.
        assertThat(receiver.mailbox().events(SmtpEvent.CommandReceived.class))
                .filteredOn(c -> c.command().startsWith("BDAT"))
                .extracting(SmtpEvent.CommandReceived::command, SmtpEvent.CommandReceived::reply)
                .containsExactly(
                        tuple("BDAT 19", "250 2.0.0 19 octets received"),
                        tuple("BDAT 12 LAST", "250 2.0.0 OK: message accepted as s1.1"));
    }

    @Test
    void aRefusedBdatStillConsumesItsChunkSoItsContentIsNeverACommand() {
        String chunk = "MAIL FROM:<evil@x>\r\nRCPT TO:<victim@x>\r\nQUIT\r\n";
        try (SmtpClient client = ehlo(connect())) {
            // RFC 3030 2: no MAIL yet, so BDAT is refused, but its octets are read and dropped.
            client.send("BDAT " + chunk.length() + " LAST\r\n" + chunk);
            assertThat(client.readReply()).isEqualTo("503 5.5.1 Bad sequence of commands: send MAIL first");
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
            assertThat(client.command("RCPT TO:<b@example.com>")).isEqualTo("503 5.5.1 Bad sequence of commands: send MAIL first");
        }
        assertThat(receiver.mailbox().emails()).isEmpty();
        assertThat(receiver.mailbox().events(SmtpEvent.CommandReceived.class))
                .extracting(SmtpEvent.CommandReceived::command)
                .noneMatch(c -> c.contains("evil") || c.equals("QUIT"));
    }

    @Test
    void aClientThatDisconnectsMidDataLeavesNoMessage() {
        try (SmtpClient client = ehlo(connect())) {
            client.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
            assertThat(client.replies(3)).last().asString().startsWith("354 ");
            client.send("Subject: cut\r\n\r\nhalf a mess");
        }
        SmtpEvent.ClientDisconnected end = awaitDisconnect();
        assertThat(end.reason()).isEqualTo(DisconnectReason.CLIENT_CLOSED);
        assertThat(receiver.mailbox().emails()).isEmpty();
        assertThat(receiver.mailbox().events(SmtpEvent.EmailReceived.class)).isEmpty();
    }

    @Test
    void aClientThatResetsTheConnectionMidDataIsClientClosedToo() throws Exception {
        try (SmtpClient client = ehlo(connect())) {
            client.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
            assertThat(client.replies(3)).last().asString().startsWith("354 ");
            client.send("Subject: cut\r\n\r\nhalf a mess");
            client.socket().setSoLinger(true, 0); // close() now sends RST instead of FIN
        }
        SmtpEvent.ClientDisconnected end = awaitDisconnect();
        assertThat(end.reason()).isEqualTo(DisconnectReason.CLIENT_CLOSED);
        assertThat(end.detail()).containsIgnoringCase("connection reset");
        assertThat(receiver.mailbox().emails()).isEmpty();
        assertThat(receiver.activeSessionCount()).isZero(); // already lower when the event is seen
    }

    @Test
    void aClientSilentInDataGets421AfterTheIdleTimeout() {
        try (SmtpClient client = ehlo(connect(SmtpReceiver.builder().idleTimeout(Duration.ofMillis(300))))) {
            client.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
            assertThat(client.replies(3)).last().asString().startsWith("354 ");
            client.send("Subject: slow\r\n");
            assertThat(client.readUntilClosed()).isEqualTo("421 4.4.2 Idle timeout, closing connection\r\n");
        }
        SmtpEvent.ClientDisconnected end = awaitDisconnect();
        assertThat(end.reason()).isEqualTo(DisconnectReason.IDLE_TIMEOUT);
        assertThat(end.detail()).isEqualTo("no message data within 300 ms");
        assertThat(receiver.mailbox().emails()).isEmpty();
    }

    @Test
    void nulAndInvalidUtf8InACommandAre500AndTheSessionGoesOn() {
        try (SmtpClient client = ehlo(connect())) {
            client.send("NO\0OP\r\n");
            assertThat(client.readReply())
                    .isEqualTo("500 5.5.2 Syntax error: control character or invalid UTF-8 in command");
            client.send(new byte[] {'H', 'E', 'L', 'P', ' ', (byte) 0xC3, (byte) 0x28, '\r', '\n'});
            assertThat(client.readReply())
                    .isEqualTo("500 5.5.2 Syntax error: control character or invalid UTF-8 in command");
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
        }
        assertThat(receiver.mailbox().violations()).hasSize(2);
    }

    @Test
    void aCommandLineOverTheLimitIs500AndTheSessionGoesOn() {
        try (SmtpClient client = ehlo(connect())) {
            client.send("NOOP " + "x".repeat(3000) + "\r\n");
            assertThat(client.readReply()).isEqualTo("500 5.5.2 Line too long (limit 1024 octets including CRLF)");
            // The limit counts the CRLF (RFC 5321 4.5.3.1.4): 1022 octets plus CRLF still pass.
            assertThat(client.command("NOOP " + "y".repeat(1017))).isEqualTo("250 2.0.0 OK");
            assertThat(client.command("NOOP " + "y".repeat(1018)))
                    .isEqualTo("500 5.5.2 Line too long (limit 1024 octets including CRLF)");
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
        }
    }

    @Test
    void aLineSixtyFourTimesOverTheLimitWithoutCrlfEndsTheSession() {
        try (SmtpClient client = ehlo(connect())) {
            // Exactly one octet past 64 x 1024: the receiver reads all of it before it closes.
            byte[] garbage = new byte[64 * 1024 + 1];
            Arrays.fill(garbage, (byte) 'x');
            client.send(garbage);
            assertThat(client.readUntilClosed()).isEqualTo("421 4.7.0 Line far too long, closing connection\r\n");
        }
        SmtpEvent.ClientDisconnected end = awaitDisconnect();
        assertThat(end.reason()).isEqualTo(DisconnectReason.LIMIT_EXCEEDED);
    }

    @Test
    void anOversizeMessageIsRefusedWith552AndNothingIsRecorded() {
        try (SmtpClient client = ehlo(connect(SmtpReceiver.builder().maxMessageSize(1000)))) {
            assertThat(client.command("MAIL FROM:<a@example.com> SIZE=1001"))
                    .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size of 1000 octets");
            client.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
            assertThat(client.replies(3)).last().asString().startsWith("354 ");
            client.send("Subject: big\r\n\r\n" + "0123456789\r\n".repeat(200) + ".\r\n");
            assertThat(client.readReply())
                    .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size of 1000 octets");
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
        }
        assertThat(receiver.mailbox().emails()).isEmpty();
    }

    @Test
    void recipientsOverTheLimitGet452AndTheOthersAreKept() {
        try (SmtpClient client = ehlo(connect(SmtpReceiver.builder().maxRecipients(3)))) {
            client.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<r1@example.com>\r\nRCPT TO:<r2@example.com>\r\n"
                    + "RCPT TO:<r3@example.com>\r\nRCPT TO:<r4@example.com>\r\nDATA\r\n");
            assertThat(client.replies(6)).containsExactly(
                    "250 2.1.0 Sender OK",
                    "250 2.1.5 Recipient OK",
                    "250 2.1.5 Recipient OK",
                    "250 2.1.5 Recipient OK",
                    "452 4.5.3 Too many recipients (limit 3)",
                    "354 Start mail input; end with <CRLF>.<CRLF>");
            client.send("Subject: three\r\n\r\n.\r\n");
            assertThat(client.readReply()).isEqualTo("250 2.0.0 OK: message accepted as s1.1");
        }
        assertThat(receiver.mailbox().singleEmail().envelope().recipients())
                .containsExactly("r1@example.com", "r2@example.com", "r3@example.com");
    }
}
