package dev.smtptestkit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.DeliveryResult;
import dev.smtptestkit.DeliveryResult.RecipientStatus;
import dev.smtptestkit.OutgoingEmail;
import dev.smtptestkit.SmtpSender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Testing your own SMTP-receiving code ({@link TicketInbox}) with {@link SmtpSender}: a strict client
 * whose result says what the server answered to each recipient and to the message.
 */
@Timeout(30)
class TicketInboxTest {

    private static OutgoingEmail mail(String subject, String... to) {
        return OutgoingEmail.of("customer@example.test", List.of(to),
                ("From: customer@example.test\r\nSubject: " + subject + "\r\n\r\nIt is broken.\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void mailToSupportBecomesATicket() throws Exception {
        try (TicketInbox inbox = new TicketInbox()) {
            DeliveryResult result = SmtpSender.to("127.0.0.1", inbox.port()).build()
                    .send(mail("Printer on fire", "support@tickets.example"));

            assertThat(result.isDelivered()).as(result.summary()).isTrue();
            assertThat(result.queueId()).contains("T1");
            assertThat(inbox.tickets()).containsExactly(
                    new TicketInbox.Ticket("customer@example.test", "Printer on fire"));
        }
    }

    @Test
    void otherRecipientsAreRefusedOneByOne() throws Exception {
        try (TicketInbox inbox = new TicketInbox()) {
            DeliveryResult result = SmtpSender.to("127.0.0.1", inbox.port()).build()
                    .send(mail("Hello", "support@tickets.example", "sales@tickets.example"));

            assertThat(result.status()).isEqualTo(DeliveryResult.Status.PARTIALLY_DELIVERED);
            assertThat(result.refusedRecipients()).singleElement().satisfies(r -> {
                assertThat(r.address()).isEqualTo("sales@tickets.example");
                assertThat(r.status()).isEqualTo(RecipientStatus.REFUSED);
                assertThat(r.reply().orElseThrow().firstLine()).isEqualTo("550 5.1.1 Only support@ takes mail here");
            });
            assertThat(inbox.tickets()).hasSize(1);
        }
    }

    @Test
    void aMessageOverTheAnnouncedSizeIsNeverSent() throws Exception {
        try (TicketInbox inbox = new TicketInbox()) {
            String big = "x".repeat(TicketInbox.MAX_SIZE);
            DeliveryResult result = SmtpSender.to("127.0.0.1", inbox.port()).build()
                    .send(mail(big, "support@tickets.example"));

            assertThat(result.failure().orElseThrow().kind()).isEqualTo(DeliveryResult.Kind.LOCAL_REFUSAL);
            assertThat(inbox.tickets()).isEmpty();
        }
    }
}
