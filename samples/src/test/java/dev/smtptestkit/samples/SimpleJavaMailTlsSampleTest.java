package dev.smtptestkit.samples;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.junit.SmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.email.EmailBuilder;
import org.simplejavamail.mailer.MailerBuilder;

/**
 * Shows: Simple Java Mail with its STARTTLS strategy ({@link TransportStrategy#SMTP_TLS}: STARTTLS
 * required, server identity checked) and a login, against a receiver that insists on both. Only
 * host, port and the trusted certificate ({@code receiver.clientSslContext()}) differ from production.
 */
@SmtpServer(tls = TlsMode.STARTTLS, requireTls = true, requireAuth = true, users = "newsletter:s3cret")
@Timeout(30)
class SimpleJavaMailTlsSampleTest {

    @Test
    void sendsWithStartTlsAndALogin(SmtpReceiver receiver, Mailbox mailbox) {
        Email email = EmailBuilder.startingBlank()
                .from("Newsletter", "news@example.com")
                .to("Reader", "reader@example.com")
                .withSubject("This week")
                .withPlainText("Plain text part")
                .buildEmail();

        Mailer mailer = MailerBuilder.withSMTPServer(receiver.host(), receiver.port(), "newsletter", "s3cret")
                .withTransportStrategy(TransportStrategy.SMTP_TLS)
                .withCustomSSLFactoryInstance(receiver.clientSslContext().getSocketFactory()) // the only test-only line
                .withSessionTimeout(10_000)
                .buildMailer();
        mailer.sendMail(email).join();

        assertThat(mailbox).singleEmail()
                .hasSubject("This week")
                .wasSentOverTls()
                .wasAuthenticatedAs("newsletter");
        assertThat(mailbox).singleSession().usedStartTls();
    }
}
