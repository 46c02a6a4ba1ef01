package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scripted replies and faults against Angus Mail, the client most JVM code sends with. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScriptAngusMailTest {

    private final SmtpReceiver receiver = SmtpReceiver.builder().start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private MimeMessage message(Properties props, String... to) throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(props));
        m.setFrom(new InternetAddress("app@example.com"));
        m.setRecipients(Message.RecipientType.TO, String.join(",", to));
        m.setSubject("Scripted");
        m.setText("Hello\r\n");
        return m;
    }

    @Test
    void oneRejectedRecipientFailsOnlyThatRecipientAndTheOthersGetTheMail() throws Exception {
        receiver.script().onRcpt("bob@example.com").reply(550, "5.1.1", "No such user");
        Properties props = receiver.javaMailProperties();
        props.setProperty("mail.smtp.sendpartial", "true");

        SendFailedException e = catchSendFailed(message(props, "alice@example.com", "bob@example.com",
                "carol@example.com"));

        assertThat(Arrays.stream(e.getInvalidAddresses()).map(Address::toString)).containsExactly("bob@example.com");
        assertThat(Arrays.stream(e.getValidSentAddresses()).map(Address::toString))
                .containsExactly("alice@example.com", "carol@example.com");
        ReceivedEmail email = receiver.mailbox().singleEmail();
        assertThat(email.envelope().recipients()).containsExactly("alice@example.com", "carol@example.com");
        assertThat(email.replySent()).isTrue();
        assertThat(receiver.mailbox().transcripts().get(0).lines()).extracting(Transcript.Line::text)
                .contains("550 5.1.1 No such user  [scripted]");
        assertThat(receiver.mailbox().violations()).isEmpty();
        assertThat(receiver.script().unusedRules()).isEmpty();
    }

    private static SendFailedException catchSendFailed(MimeMessage m) {
        try {
            Transport.send(m);
        } catch (SendFailedException e) {
            return e;
        } catch (MessagingException e) {
            throw new AssertionError("expected a SendFailedException", e);
        }
        throw new AssertionError("the send succeeded");
    }

    @Test
    void aRetryLoopSurvivesTwo421s() throws Exception {
        receiver.script().failThenSucceed(2);
        MimeMessage m = message(receiver.javaMailProperties(), "to@example.com");

        int attempts = 0;
        MessagingException last = null;
        while (attempts < 5) {
            attempts++;
            try {
                Transport.send(m);
                last = null;
                break;
            } catch (MessagingException e) {
                last = e;
            }
        }

        assertThat(last).isNull();
        assertThat(attempts).isEqualTo(3);
        assertThat(receiver.mailbox().emails()).hasSize(1);
        assertThat(receiver.mailbox().transcripts()).hasSize(3).first().extracting(Transcript::render).asString()
                .contains("S: 421 4.3.2 Service not available, try again later  [scripted]");
        assertThat(receiver.mailbox().events(SmtpEvent.ClientDisconnected.class)).extracting(
                SmtpEvent.ClientDisconnected::reason).startsWith(DisconnectReason.SCRIPTED, DisconnectReason.SCRIPTED);
    }

    @Test
    void theClientsOwnTimeoutEndsAStall() throws Exception {
        receiver.script().onRcpt("slow@example.com").stall();
        Properties props = receiver.javaMailProperties();
        props.setProperty("mail.smtp.timeout", "500");
        MimeMessage m = message(props, "slow@example.com");

        long start = System.nanoTime();
        assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(MessagingException.class)
                .hasRootCauseInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));

        SmtpEvent.ClientDisconnected end = receiver.mailbox().awaitEvent(SmtpEvent.ClientDisconnected.class,
                e -> true, Duration.ofSeconds(10));
        assertThat(end.reason()).isEqualTo(DisconnectReason.SCRIPTED);
        assertThat(end.detail()).startsWith("stalled; the client closed the connection after ");
        assertThat(receiver.mailbox().isEmpty()).isTrue();
        assertThat(receiver.mailbox().transcripts().get(0).render()).endsWith("-- stalled, no reply [scripted]");
    }

    @Test
    void greylistingRefusesTheFirstAttemptAndAcceptsARetryAfterTheDelay() throws Exception {
        receiver.script().greylisting(Duration.ofMillis(300));
        MimeMessage m = message(receiver.javaMailProperties(), "to@example.com");

        assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(SendFailedException.class);
        AtomicInteger retries = new AtomicInteger();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            retries.incrementAndGet();
            try {
                Transport.send(m);
                return true;
            } catch (SendFailedException e) {
                return false;
            }
        });

        assertThat(receiver.mailbox().emails()).hasSize(1);
        assertThat(receiver.mailbox().transcripts().get(0).render())
                .contains("S: 451 4.7.1 Greylisted, please try again in 1 second  [scripted]");
        assertThat(receiver.mailbox().violations()).isEmpty();
    }

    @Test
    void aDropAfterTheFinalDotRecordsTheEmailAndSaysNoReplyWasSent() throws Exception {
        receiver.script().onEndOfData().drop();
        MimeMessage m = message(receiver.javaMailProperties(), "to@example.com");

        assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(MessagingException.class);

        ReceivedEmail email = receiver.mailbox().singleEmail();
        assertThat(email.subject()).isEqualTo("Scripted");
        assertThat(email.replySent()).isFalse();
        assertThat(receiver.mailbox().transcripts().get(0).render())
                .contains("C: <")
                .endsWith("-- connection closed after the final dot, before the reply [scripted]");
        SmtpEvent.ClientDisconnected end = receiver.mailbox().awaitEvent(SmtpEvent.ClientDisconnected.class,
                e -> true, Duration.ofSeconds(10));
        assertThat(end.reason()).isEqualTo(DisconnectReason.SCRIPTED);
        assertThat(end.detail()).isEqualTo("connection closed after the final dot, before the reply");
    }
}
