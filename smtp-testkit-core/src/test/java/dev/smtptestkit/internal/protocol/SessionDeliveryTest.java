package dev.smtptestkit.internal.protocol;

import static dev.smtptestkit.internal.protocol.Dialogue.dialogue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Envelope;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an accepted transaction hands over: one Delivery with the whole envelope (RFC 5321 3.3). */
class SessionDeliveryTest {

    @Test
    void deliversOneMessageForATransactionWithManyRecipients() {
        // one transaction, one message, however many recipients (never one copy per recipient)
        Dialogue d = dialogue().send("EHLO client.example").expect(250)
                .send("MAIL FROM:<a@example.com> BODY=8BITMIME SIZE=500").expect(250, "2.1.0")
                .send("RCPT TO:<to@example.com> NOTIFY=FAILURE").expect(250, "2.1.5")
                .send("RCPT TO:<rejected@>").expect(501, "5.1.3")
                .send("RCPT TO:<cc@example.com>").expect(250, "2.1.5")
                .send("RCPT TO:<bcc@example.com> ORCPT=rfc822;bcc@example.com").expect(250, "2.1.5")
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0");

        Session.Delivery delivery = d.singleDelivery();
        Envelope envelope = delivery.envelope();

        assertThat(envelope.sender()).isEqualTo("a@example.com");
        assertThat(envelope.senderParameters()).isEqualTo(Map.of("BODY", "8BITMIME", "SIZE", "500"));
        assertThat(envelope.recipients()).containsExactly("to@example.com", "cc@example.com", "bcc@example.com");
        assertThat(envelope.recipientParameters()).containsExactly(
                Map.of("NOTIFY", "FAILURE"), Map.of(), Map.of("ORCPT", "rfc822;bcc@example.com"));
        assertThat(envelope.heloName()).isEqualTo("client.example");
        assertThat(envelope.extended()).isTrue();
        assertThat(envelope.sessionId()).isEqualTo(Dialogue.SESSION_ID);
        assertThat(envelope.clientAddress()).isEqualTo(Dialogue.CLIENT);
        assertThat(delivery.id()).isEqualTo("s1.1");
        assertThat(d.reply().lines()).containsExactly("OK: message accepted as s1.1");
        assertThat(Dialogue.text(delivery)).isEqualTo(Dialogue.CLEAN_MESSAGE);
        assertThat(delivery.content().length()).isEqualTo(Dialogue.CLEAN_MESSAGE.length());
    }

    @Test
    void recordsAHeloSessionAsNotExtended() {
        Dialogue d = dialogue().send("HELO old.example").expect(250)
                .send("MAIL FROM:<a@example.com>").expect(250)
                .send("RCPT TO:<b@example.com>").expect(250)
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250);

        Envelope envelope = d.singleDelivery().envelope();

        assertThat(envelope.extended()).isFalse();
        assertThat(envelope.heloName()).isEqualTo("old.example");
        assertThat(envelope.senderParameters()).isEmpty();
        assertThat(envelope.recipientParameters()).containsExactly(Map.of());
    }

    @Test
    void numbersTheMessagesOfASession() {
        Dialogue d = dialogue().transaction()
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0")
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("BDAT 3 LAST").expectNoReply()
                .content("abc").expect(250, "2.0.0");

        assertThat(d.deliveries()).extracting(Session.Delivery::id).containsExactly("s1.1", "s1.2");
        assertThat(d.reply().lines()).containsExactly("OK: message accepted as s1.2");
    }

    @Test
    void givesEachTransactionItsOwnEnvelope() {
        Dialogue d = dialogue().transaction()
                .send("RCPT TO:<c@example.com>").expect(250, "2.1.5")
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0")
                .send("MAIL FROM:<>").expect(250, "2.1.0")
                .send("RCPT TO:<d@example.com>").expect(250, "2.1.5")
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0");

        Envelope first = d.deliveries().get(0).envelope();
        Envelope second = d.deliveries().get(1).envelope();

        assertThat(first.recipients()).containsExactly("b@example.com", "c@example.com");
        assertThat(second.sender()).isEmpty();
        assertThat(second.recipients()).containsExactly("d@example.com");
    }

    @Test
    void deliversNothingForAnAbandonedTransaction() {
        Dialogue d = dialogue().transaction()
                .send("DATA").expect(354)
                .content("Subject: half\r\n");

        d.session().closed();

        assertThat(d.deliveries()).isEmpty();
        assertThat(d.session().mode()).isEqualTo(Session.Mode.CLOSED);
    }
}
