package dev.smtptestkit.spring;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.junit.SmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.test.context.TestPropertySource;

/**
 * Production-like mail settings (another host and port, STARTTLS required, {@code mail.smtp.auth},
 * no login configured) against a receiver that insists on TLS and a user: host, port and trust
 * come from {@code @SmtpServer}, the login from its {@code users} as a default.
 */
@SpringBootTest(classes = MailApp.class)
@SmtpServer(tls = TlsMode.STARTTLS, requireTls = true, users = "app:s3cret")
@TestPropertySource(properties = {
        "spring.mail.host=smtp.example.com",
        "spring.mail.port=587",
        "spring.mail.properties.mail.smtp.auth=true",
        "spring.mail.properties.mail.smtp.starttls.enable=true",
        "spring.mail.properties.mail.smtp.starttls.required=true"})
@Timeout(60)
class TlsAndLoginTest {

    @Autowired
    JavaMailSender mailSender;

    @Autowired
    Environment environment;

    @Test
    void sendsOverStartTlsWithTheLogin(Mailbox mailbox) {
        MailApp.send(mailSender, "ada@example.com", "Over TLS");

        assertThat(mailbox).singleEmail().hasSubject("Over TLS").wasSentOverTls().wasAuthenticatedAs("app");
        assertThat(mailbox).singleSession().usedStartTls()
                .containsCommandSubsequence("EHLO", "STARTTLS", "EHLO", "AUTH", "MAIL");
    }

    @Test
    void theCertificateIsCheckedThroughTheSslBundleNotTrustedBlindly() {
        assertThat(environment.getProperty("spring.mail.ssl.bundle")).isEqualTo(SpringSmtp.SSL_BUNDLE);
        assertThat(environment.getProperty("spring.mail.properties.mail.smtp.ssl.checkserveridentity"))
                .isEqualTo("true");
        assertThat(environment.getProperty("spring.mail.properties.mail.smtp.ssl.trust")).isNull();
    }
}
