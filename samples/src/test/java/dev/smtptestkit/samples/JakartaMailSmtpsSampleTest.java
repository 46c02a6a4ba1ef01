package dev.smtptestkit.samples;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.junit.SmtpServer;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shows: Jakarta Mail over SMTPS (implicit TLS, RFC 8314, as on port 465) with a login, the way a
 * production configuration sends. {@code receiver.javaMailProperties()} brings host, port,
 * {@code mail.smtp.ssl.enable} and trust in the receiver's generated certificate; the login
 * settings are the production ones. The assertions check that TLS and the login really happened.
 */
@SmtpServer(tls = TlsMode.IMPLICIT, requireAuth = true, users = "shop:s3cret")
@Timeout(30)
class JakartaMailSmtpsSampleTest {

    @Test
    void sendsOverSmtpsWithALogin(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
        Properties props = receiver.javaMailProperties();  // host, port, ssl.enable, trust
        props.setProperty("mail.smtp.auth", "true");       // from here on: as in production
        Session session = Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("shop", "s3cret");
            }
        });
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("shop@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("customer@example.com"));
        message.setSubject("Your order 1042");
        message.setText("Thank you for your order.");

        Transport.send(message);

        assertThat(mailbox).singleEmail()
                .hasSubject("Your order 1042")
                .wasSentOverTls()
                .wasAuthenticatedAs("shop");
        assertThat(mailbox).singleSession()
                .negotiatedTls("TLSv1.3")
                .usedAuthMechanism(AuthMechanism.LOGIN) // Angus Mail tries LOGIN first
                .authenticatedAs("shop");
    }
}
