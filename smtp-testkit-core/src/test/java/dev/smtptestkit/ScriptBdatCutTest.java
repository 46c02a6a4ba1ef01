package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtptestkit.testing.Recorded;
import dev.smtptestkit.testing.SmtpClient;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cut after N octets of the message for BDAT (RFC 3030 2): the octets are counted across the
 * chunks of one message, the cut message is not recorded, and the cut is marked in the transcript
 * and the events.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScriptBdatCutTest {

    private final SmtpReceiver receiver = SmtpReceiver.builder().start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static SmtpClient transaction(int port) {
        SmtpClient client = SmtpClient.connect(port);
        client.command("EHLO me");
        assertThat(client.command("MAIL FROM:<a@example.com>")).startsWith("250 ");
        assertThat(client.command("RCPT TO:<b@example.com>")).startsWith("250 ");
        return client;
    }

    @Test
    void resetsOnceTheOctetsOfSeveralChunksReachTheCut() throws IOException {
        receiver.script().onCommand("BDAT").resetAfterOctets(512);
        try (SmtpClient client = transaction(receiver.port())) {
            client.send("BDAT 300\r\n" + "a".repeat(300));
            assertThat(client.readReply()).isEqualTo("250 2.0.0 300 octets received");
            client.send("BDAT 300\r\n" + "b".repeat(300));
            InputStream in = client.socket().getInputStream();
            assertThatThrownBy(() -> {
                while (in.read() >= 0) {
                    // no reply to the second chunk: read until the reset
                }
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
        SmtpEvent.ClientDisconnected end = Recorded.disconnect(receiver);
        assertThat(end.reason()).isEqualTo(DisconnectReason.SCRIPTED);
        assertThat(end.detail()).isEqualTo("connection reset after 512 octets of BDAT chunks");
        assertThat(Recorded.transcript(receiver)).endsWith("C: BDAT 300\n-- connection reset after 512 octets of BDAT chunks [scripted]");
        assertThat(receiver.mailbox().isEmpty()).isTrue();
        assertThat(receiver.mailbox().violations()).isEmpty();
        assertThat(receiver.script().unusedRules()).isEmpty();
    }

    @Test
    void aPipelinedMessageIsCutInsideAChunk() {
        receiver.script().onCommand("BDAT").dropAfterOctets(100);
        try (SmtpClient client = transaction(receiver.port())) {
            client.send("BDAT 80\r\n" + "a".repeat(80) + "BDAT 80 LAST\r\n" + "b".repeat(80));
            assertThat(client.readReply()).isEqualTo("250 2.0.0 80 octets received");
            assertThat(client.readUntilClosed()).isEmpty();
        }
        assertThat(Recorded.disconnect(receiver).detail()).isEqualTo("connection closed after 100 octets of BDAT chunks");
        assertThat(receiver.mailbox().isEmpty()).isTrue();
    }

    @Test
    void aMessageOfAtMostTheCutIsAcceptedAndTheNextMessageIsCountedAfresh() {
        receiver.script().onCommand("BDAT").dropAfterOctets(500);
        try (SmtpClient client = transaction(receiver.port())) {
            client.send("BDAT 300\r\n" + "a".repeat(300));
            assertThat(client.readReply()).startsWith("250 ");
            client.send("BDAT 200 LAST\r\n" + "b".repeat(200));
            assertThat(client.readReply()).startsWith("250 2.0.0 OK: message accepted");
            client.command("MAIL FROM:<a@example.com>");
            client.command("RCPT TO:<b@example.com>");
            client.send("BDAT 400\r\n" + "c".repeat(400));
            assertThat(client.readReply()).startsWith("250 ");
            client.send("BDAT 400 LAST\r\n" + "d".repeat(400));
            assertThat(client.readUntilClosed()).isEmpty();
        }
        assertThat(Recorded.disconnect(receiver).detail()).isEqualTo("connection closed after 500 octets of BDAT chunks");
        assertThat(receiver.mailbox().singleEmail().rawBytes()).hasSize(500);
    }

    @Test
    void aRefusedBdatStartsNoMessageAndIsNotCut() {
        receiver.script().onCommand("BDAT").dropAfterOctets(0);
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.send("BDAT 3 LAST\r\nabc");
            assertThat(SmtpClient.code(client.readReply())).isEqualTo(503); // no MAIL yet
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
            client.command("MAIL FROM:<a@example.com>");
            client.command("RCPT TO:<b@example.com>");
            client.send("BDAT 3 LAST\r\nabc");
            assertThat(client.readUntilClosed()).isEmpty();
        }
        assertThat(Recorded.disconnect(receiver).detail()).isEqualTo("connection closed after 0 octets of BDAT chunks");
        assertThat(receiver.mailbox().isEmpty()).isTrue();
    }

    @Test
    void theScriptFileCutsBdatToo() {
        receiver.script().replaceWith("command BDAT times 1 drop-after 10");
        try (SmtpClient client = transaction(receiver.port())) {
            client.send("BDAT 20 LAST\r\n" + "x".repeat(20));
            assertThat(client.readUntilClosed()).isEmpty();
        }
        assertThat(Recorded.disconnect(receiver).detail()).isEqualTo("connection closed after 10 octets of BDAT chunks");
        assertThat(receiver.script().rules()).containsExactly("onCommand(\"BDAT\").times(1).dropAfterOctets(10)");
    }

    @Test
    void angusMailSendingInChunksIsCutAndNothingIsRecorded() throws Exception {
        receiver.script().onCommand("BDAT").resetAfterOctets(600);
        MimeMessage m = chunkedMessage();

        assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(MessagingException.class);

        assertThat(Recorded.disconnect(receiver).detail()).isEqualTo("connection reset after 600 octets of BDAT chunks");
        assertThat(Recorded.transcript(receiver)).contains("C: BDAT 256\n", "S: 250 2.0.0 256 octets received")
                .endsWith("-- connection reset after 600 octets of BDAT chunks [scripted]");
        assertThat(receiver.mailbox().isEmpty()).isTrue();
        assertThat(receiver.mailbox().violations()).isEmpty();
    }

    @Test
    void angusMailSendingInChunksGetsThroughWithoutACut() throws Exception {
        receiver.script().onCommand("BDAT").resetAfterOctets(100_000);
        Transport.send(chunkedMessage());

        assertThat(receiver.mailbox().singleEmail().subject()).isEqualTo("Chunked");
        assertThat(Recorded.transcript(receiver)).contains("C: BDAT 256\n");
    }

    // About 2,200 octets, sent by Angus Mail in BDAT chunks of 256
    private MimeMessage chunkedMessage() throws MessagingException {
        Properties props = receiver.javaMailProperties();
        props.setProperty("mail.smtp.chunksize", "256"); // Angus uses BDAT only when told a chunk size
        MimeMessage m = new MimeMessage(Session.getInstance(props));
        m.setFrom(new InternetAddress("app@example.com"));
        m.setRecipients(Message.RecipientType.TO, "to@example.com");
        m.setSubject("Chunked");
        m.setText("z".repeat(70).concat("\r\n").repeat(30));
        return m;
    }
}
