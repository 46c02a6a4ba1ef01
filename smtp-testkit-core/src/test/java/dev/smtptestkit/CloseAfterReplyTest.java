package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.smtptestkit.testing.Recorded;
import dev.smtptestkit.testing.SmtpClient;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A reply after which the receiver closes the connection (a 421, RFC 5321 3.8; the 221 to QUIT,
 * 4.1.1.10) reaches the client followed by an orderly end of stream, never a reset, even when the
 * client has already sent more; after a 421 the receiver also waits for the client to close. Closing a socket with unread input makes the kernel send a reset,
 * and a reset can make the client's next read fail instead of seeing the end: Angus Mail sends
 * RSET after a refused MAIL, and on a reset it reported "Exception reading response" in place of
 * the 421.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CloseAfterReplyTest {

    // 30,000 octets: more than one read of the receiver's, so some are still unread in the kernel
    // when it closes, and few enough for the socket buffers to take them without a reader.
    private static final String MORE = "NOOP\r\n".repeat(5_000);

    private final SmtpReceiver receiver = SmtpReceiver.builder().start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aScripted421IsFollowedByTheEndOfStreamWhenTheClientSentMore() {
        receiver.script().onCommand("MAIL").reply(421, "4.3.2", "Still busy");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.send("MAIL FROM:<a@example.com>\r\n" + MORE);

            assertThat(client.readReply()).isEqualTo("421 4.3.2 Still busy");
            assertThat(client.readUntilEndOfStream()).isEmpty();
        }
        assertThat(Recorded.disconnect(receiver).reason()).isEqualTo(DisconnectReason.SCRIPTED);
    }

    @Test
    void theRefusalAtTheSessionLimitIsFollowedByTheEndOfStreamWhenTheClientSentMore() {
        try (SmtpReceiver one = SmtpReceiver.builder().maxSessions(1).start();
             SmtpClient first = SmtpClient.connect(one.port());
             SmtpClient second = SmtpClient.connectSilently(one.port())) {
            second.send("EHLO me\r\n" + MORE); // written before it reads the refusal

            assertThat(second.readReply()).startsWith("421 ");
            assertThat(second.readUntilEndOfStream()).isEmpty();
            assertThat(first.command("NOOP")).startsWith("250 "); // the session held goes on
        }
    }

    @Test
    void theReplyToQuitIsFollowedByTheEndOfStreamWhenTheClientSentMore() {
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.send("QUIT\r\n" + MORE);

            assertThat(client.readReply()).startsWith("221 2.0.0 ");
            assertThat(client.readUntilEndOfStream()).isEmpty();
        }
        assertThat(Recorded.disconnect(receiver).reason()).isEqualTo(DisconnectReason.QUIT);
    }

    @ParameterizedTest
    @EnumSource(TlsMode.class)
    void angusMailSeesTheScripted421OnEveryAttempt(TlsMode tls) throws Exception {
        try (SmtpReceiver busy = SmtpReceiver.builder().tls(tls).start()) {
            busy.script().onCommand("MAIL").reply(421, "4.3.2", "Still busy");
            Session session = Session.getInstance(busy.javaMailProperties());
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("app@example.com"));
            m.setRecipients(Message.RecipientType.TO, "to@example.com");
            m.setSubject("Busy");
            m.setText("Hello\r\n");

            // Angus writes RSET after the 421 and reads its reply, then QUIT as it closes: each
            // time it must read the end of stream and report the 421, however they cross the close.
            int attempts = tls == TlsMode.NONE ? 200 : 20; // a TLS handshake costs milliseconds
            for (int attempt = 0; attempt < attempts; attempt++) {
                assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(SMTPSendFailedException.class)
                        .satisfies(e -> assertThat(((SMTPSendFailedException) e).getReturnCode()).isEqualTo(421));
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(busy.mailbox().events(SmtpEvent.ClientDisconnected.class)).hasSize(attempts)
                            .allMatch(e -> e.reason() == DisconnectReason.SCRIPTED));
        }
    }

    @Test
    void theSessionEndsAtThe421NotWhenTheClientCloses() throws Exception {
        receiver.script().onCommand("NOOP").reply(421, "4.3.2", "Going away");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            assertThat(client.command("NOOP")).isEqualTo("421 4.3.2 Going away");

            // the client keeps its side open: the event and the count do not wait for it
            assertThat(Recorded.disconnect(receiver).reason()).isEqualTo(DisconnectReason.SCRIPTED);
            assertThat(receiver.activeSessionCount()).isZero();
            assertThat(client.readUntilEndOfStream()).isEmpty();

            long start = System.nanoTime();
            receiver.close(); // cuts the linger short
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aClientThatNeverClosesIsClosedOnAfterTheLinger() {
        try (SmtpReceiver quick = SmtpReceiver.builder().idleTimeout(Duration.ofMillis(300)).start();
             SmtpClient client = SmtpClient.connect(quick.port())) {
            quick.script().onCommand("NOOP").reply(421, "4.3.2", "Going away");
            client.command("EHLO me");
            assertThat(client.command("NOOP")).isEqualTo("421 4.3.2 Going away");
            assertThat(client.readUntilEndOfStream()).isEmpty();

            // while the receiver lingers it drops what arrives; once it has closed, the kernel
            // answers with a reset, and a write after that fails
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                try {
                    client.socket().getOutputStream().write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
                    return false;
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }
}
