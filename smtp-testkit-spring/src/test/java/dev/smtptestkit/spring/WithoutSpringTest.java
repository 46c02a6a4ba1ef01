package dev.smtptestkit.spring;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With the module on the class path, a plain JUnit class still gets the extension's own receiver (no context). */
@SmtpServer
@Timeout(60)
class WithoutSpringTest {

    @Test
    void aPlainTestClassGetsItsOwnReceiver(Session session, SmtpReceiver receiver, Mailbox mailbox) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom("app@example.com");
        message.setRecipients(MimeMessage.RecipientType.TO, "ada@example.com");
        message.setSubject("No Spring");
        message.setText("Hello");
        Transport.send(message);

        assertThat(mailbox).singleEmail().hasSubject("No Spring");
        assertThat(receiver.port()).isPositive();
    }
}
