package dev.smtptestkit.spring;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.junit.SmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mail.javamail.JavaMailSender;

/** Implicit TLS (RFC 8314): {@code mail.smtp.ssl.enable} and the trust come from {@code @SmtpServer}, nothing else configured. */
@SpringBootTest(classes = MailApp.class)
@SmtpServer(tls = TlsMode.IMPLICIT, requireAuth = true, users = "app:s3cret")
@Timeout(60)
class ImplicitTlsTest {

    @Autowired
    JavaMailSender mailSender;

    @Test
    void sendsOverImplicitTlsWithTheDefaultLogin(Mailbox mailbox) {
        MailApp.send(mailSender, "ada@example.com", "Implicit TLS");

        assertThat(mailbox).singleEmail().hasSubject("Implicit TLS").wasSentOverTls().wasAuthenticatedAs("app");
    }
}
