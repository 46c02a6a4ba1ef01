package dev.smtptestkit.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.DeliveryResult;
import dev.smtptestkit.OutgoingEmail;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.SmtpSender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sender against our own receiver playing an unhappy server through its script: a refused
 * recipient, a drop after the final dot, a stalled reply (issue 14 with issue 12's faults).
 */
@Timeout(60)
class SenderAgainstScriptedReceiverTest {

    private static final byte[] MESSAGE = ("From: a@example.com\r\nTo: ann@example.com\r\nSubject: hi\r\n"
            + "Date: Mon, 30 Nov 2026 10:00:00 +0000\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);

    private final SmtpReceiver receiver = SmtpReceiver.builder().start();

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void aScriptedRefusalOfOneRecipientIsAPartialSuccess() {
        receiver.script().onRcpt("bob@example.com").reply(550, "5.1.1", "No such user");

        DeliveryResult result = SmtpSender.to(receiver).build()
                .send(OutgoingEmail.of("a@example.com", List.of("ann@example.com", "bob@example.com"), MESSAGE));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.PARTIALLY_DELIVERED);
        assertThat(result.acceptedRecipients()).containsExactly("ann@example.com");
        assertThat(result.refusedRecipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("bob@example.com");
            assertThat(r.reply()).hasValueSatisfying(reply -> assertThat(reply.code()).isEqualTo(550));
        });
        assertThat(receiver.mailbox().singleEmail().envelope().recipients()).containsExactly("ann@example.com");
    }

    @Test
    void aDropAfterTheFinalDotSaysWhereItHappened() {
        receiver.script().onEndOfData().drop();

        DeliveryResult result = SmtpSender.to(receiver).build()
                .send(OutgoingEmail.of("a@example.com", List.of("ann@example.com"), MESSAGE));

        assertThat(result.isDelivered()).isFalse();
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.stage()).isEqualTo(DeliveryResult.Stage.CONTENT);
            assertThat(f.kind()).isEqualTo(DeliveryResult.Kind.DROPPED);
        });
        // the receiver did record it: the case where a blind retry would duplicate the mail
        assertThat(receiver.mailbox().singleEmail().replySent()).isFalse();
    }

    @Test
    void aStalledReplyHitsTheReplyTimeout() {
        receiver.script().onCommand("MAIL").stall();

        DeliveryResult result = SmtpSender.to(receiver).replyTimeout(Duration.ofMillis(500)).build()
                .send(OutgoingEmail.of("a@example.com", List.of("ann@example.com"), MESSAGE));

        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(DeliveryResult.Kind.TIMEOUT);
            assertThat(f.stage()).isEqualTo(DeliveryResult.Stage.MAIL);
        });
        assertThat(receiver.mailbox().emails()).isEmpty();
    }
}
