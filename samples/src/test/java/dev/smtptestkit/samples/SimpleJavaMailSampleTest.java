package dev.smtptestkit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.email.EmailBuilder;
import org.simplejavamail.mailer.MailerBuilder;

/**
 * Shows: Simple Java Mail pointed at the receiver through its host and port; the same Mailbox checks
 * work whatever library sent the mail.
 */
@SmtpServer
@Timeout(30)
class SimpleJavaMailSampleTest {

    @Test
    void sendsWithSimpleJavaMail(SmtpReceiver receiver, Mailbox mailbox) {
        Email email = EmailBuilder.startingBlank()
                .from("Newsletter", "news@example.com")
                .to("Reader", "reader@example.com")
                .bcc("archive@example.com")
                .withSubject("This week: ünïcödé and more")
                .withPlainText("Plain text part")
                .withHTMLText("<p>HTML part</p>")
                .buildEmail();

        Mailer mailer = MailerBuilder.withSMTPServer(receiver.host(), receiver.port())
                .withSessionTimeout(10_000)
                .buildMailer();
        mailer.sendMail(email).join(); // synchronous by default; join() makes that explicit

        ReceivedEmail received = mailbox.singleEmail();
        assertThat(received.subject()).isEqualTo("This week: ünïcödé and more");
        assertThat(received.from()).containsExactly("news@example.com");
        assertThat(received.textBody()).hasValue("Plain text part");
        assertThat(received.htmlBody()).hasValue("<p>HTML part</p>");
        assertThat(received.envelope().recipients()).containsExactlyInAnyOrder("reader@example.com", "archive@example.com");
        assertThat(received.headers("Bcc")).isEmpty();
    }
}
