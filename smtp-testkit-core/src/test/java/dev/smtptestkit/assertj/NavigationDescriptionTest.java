package dev.smtptestkit.assertj;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
import static dev.smtptestkit.assertj.TestMail.failureOf;
import static org.assertj.core.api.BDDAssertions.then;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An {@code as()} description set before a navigation method heads the failure of the assert it
 * returns. Each test pins the first line of the described failure and that the rest is exactly the
 * undescribed failure.
 */
@Timeout(20)
class NavigationDescriptionTest {

    private SmtpReceiver receiver;
    private Mailbox mailbox;

    @BeforeEach
    void receiveTheInvoice() {
        receiver = SmtpReceiver.builder().start();
        mailbox = receiver.mailbox();
        TestMail.send(receiver, "shop@example.com", List.of("customer@example.com"), TestMail.MULTIPART);
        // the session's end is recorded a moment after the client's QUIT: wait for it, so both runs agree
        mailbox.awaitEvent(dev.smtptestkit.SmtpEvent.ClientDisconnected.class, e -> true, java.time.Duration.ofSeconds(10));
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    private static void thenDescribed(String described, ThrowingCallable plain, String head) {
        then(described).startsWith("[the invoice] \n" + head).isEqualTo("[the invoice] " + failureOf(plain));
    }

    @Test
    void singleEmailKeepsTheDescription() {
        // WHEN
        String message = failureOf(() -> assertThat(mailbox).as("the invoice").singleEmail().hasSubject("Receipt"));
        // THEN
        thenDescribed(message, () -> assertThat(mailbox).singleEmail().hasSubject("Receipt"),
                "Expecting the subject of email s1.1 to be:\n  \"Receipt\"\nbut was:\n  \"Your invoice\"\n");
    }

    @Test
    void emailAtIndexKeepsTheDescription() {
        String message = failureOf(() -> assertThat(mailbox).as("the invoice").email(0).hasSubject("Receipt"));
        thenDescribed(message, () -> assertThat(mailbox).email(0).hasSubject("Receipt"),
                "Expecting the subject of email s1.1 to be:");
    }

    @Test
    void emailMatchingKeepsTheDescription() {
        String message = failureOf(() -> assertThat(mailbox).as("the invoice")
                .emailMatching(e -> true, "anything").hasSubject("Receipt"));
        thenDescribed(message, () -> assertThat(mailbox).emailMatching(e -> true, "anything").hasSubject("Receipt"),
                "Expecting the subject of email s1.1 to be:");
    }

    @Test
    void awaitsEmailMatchingKeepsTheDescription() {
        String message = failureOf(() -> assertThat(mailbox).as("the invoice")
                .awaitsEmailMatching(e -> true, "anything", Duration.ofSeconds(5)).hasSubject("Receipt"));
        thenDescribed(message, () -> assertThat(mailbox)
                        .awaitsEmailMatching(e -> true, "anything", Duration.ofSeconds(5)).hasSubject("Receipt"),
                "Expecting the subject of email s1.1 to be:");
    }

    @Test
    void singleSessionAndSessionAtIndexKeepTheDescription() {
        String single = failureOf(() -> assertThat(mailbox).as("the invoice").singleSession().hasEhloName("other"));
        String atIndex = failureOf(() -> assertThat(mailbox).as("the invoice").session(0).hasEhloName("other"));

        thenDescribed(single, () -> assertThat(mailbox).singleSession().hasEhloName("other"), "Expecting ");
        thenDescribed(atIndex, () -> assertThat(mailbox).session(0).hasEhloName("other"), "Expecting ");
    }

    @Test
    void eventsKeepTheDescription() {
        String message = failureOf(() -> assertThat(mailbox).as("the invoice").events()
                .hasDisconnectReason(DisconnectReason.IDLE_TIMEOUT));
        thenDescribed(message, () -> assertThat(mailbox).events().hasDisconnectReason(DisconnectReason.IDLE_TIMEOUT),
                "Expecting ");
    }

    @Test
    void attachmentAndInlinePartKeepTheDescription() {
        ReceivedEmail email = mailbox.singleEmail();
        String attachment = failureOf(() -> assertThat(email).as("the invoice").attachment("report.csv")
                .hasContentType("application/pdf"));
        String inline = failureOf(() -> assertThat(mailbox).as("the invoice").singleEmail()
                .inlinePart("logo@example.com").hasContentType("image/gif"));

        thenDescribed(attachment, () -> assertThat(email).attachment("report.csv").hasContentType("application/pdf"),
                "Expecting the content type of attachment \"report.csv\"");
        thenDescribed(inline, () -> assertThat(email).inlinePart("logo@example.com").hasContentType("image/gif"),
                "Expecting ");
    }

    @Test
    void aFailedNavigationCarriesTheDescriptionAsBefore() {
        String message = failureOf(() -> assertThat(mailbox).as("the invoice").email(3));
        then(message).startsWith("[the invoice] \nExpecting an email at index 3 but the mailbox holds 1 email");
    }
}
