package dev.smtptestkit.samples;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.assertj.SmtpSoftAssertions;
import dev.smtptestkit.junit.SmtpServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.SoftAssertionsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shows: the fluent assertions. {@code assertThat(mailbox)} reads like the requirement, navigates
 * to the single email, waits for mail sent on another thread (always with a time limit), and a
 * soft-assertion block reports every failed check at once, each with the email it looked at.
 */
@SmtpServer
@Timeout(30)
class AssertionsSampleTest {

    @Test
    void checksAnEmailFluently(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
        send(receiver, "Your invoice", "Amount due: 42 EUR", "customer@example.com", "archive@example.com");

        assertThat(mailbox).hasEmailCount(1)
                .hasEmailTo("archive@example.com")
                .hasNoProtocolViolations();
        assertThat(mailbox).singleEmail()
                .hasSubject("Your invoice")
                .hasFrom("billing@example.com")
                .hasTo("customer@example.com")
                .hasBccRecipient("archive@example.com")   // in the envelope, in neither To nor Cc
                .textBodyContains("Amount due")
                .hasRequiredHeaders();
        assertThat(mailbox).singleSession().hasCommands("EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT");
    }

    @Test
    void waitsForMailSentInTheBackground(SmtpReceiver receiver, Mailbox mailbox) {
        CompletableFuture.runAsync(() -> send(receiver, "Later", "sent from another thread", "late@example.com"));

        assertThat(mailbox).awaitsEmails(1, Duration.ofSeconds(10))
                .singleEmail().hasSubject("Later");
        // and proving something was NOT sent: no reminder arrives within 200 ms
        assertThat(mailbox).receivesNoEmailMatchingWithin(e -> e.subject().startsWith("Reminder"), "a reminder",
                Duration.ofMillis(200));
    }

    @Test
    void softAssertionsReportEveryFailureTogether(SmtpReceiver receiver, Mailbox mailbox) {
        send(receiver, "Welcome", "Hello Ada", "ada@example.com");

        // Navigate outside the soft block (see SmtpSoftAssertions), then check everything at once.
        Throwable failure = catchThrowable(() -> SoftAssertionsProvider.assertSoftly(SmtpSoftAssertions.class, softly -> {
            softly.assertThat(mailbox.singleEmail()).hasSubject("Welcome!");     // wrong on purpose
            softly.assertThat(mailbox.singleEmail()).textBodyContains("Grace");  // wrong on purpose
            softly.assertThat(mailbox).hasEmailCount(1);                         // right
        }));

        // The sample stays green by checking what the user would see: both failures, one report.
        org.assertj.core.api.Assertions.assertThat(failure)
                .hasMessageContaining("Multiple Failures (2 failures)")
                .hasMessageContaining("Expecting the subject")
                .hasMessageContaining("Hello Ada");
    }

    private static void send(SmtpReceiver receiver, String subject, String text, String to, String... bcc) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(receiver.javaMailProperties()));
            message.setFrom(new InternetAddress("billing@example.com"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
            for (String b : bcc) {
                message.addRecipient(Message.RecipientType.BCC, new InternetAddress(b));
            }
            message.setSubject(subject);
            message.setText(text);
            message.setSentDate(new java.util.Date());
            Transport.send(message);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
