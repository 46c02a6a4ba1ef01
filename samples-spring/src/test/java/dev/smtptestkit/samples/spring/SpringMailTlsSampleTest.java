package dev.smtptestkit.samples.spring;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.junit.SmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

/**
 * Shows: the application's production mail configuration ({@code mail-production.properties}:
 * STARTTLS required, {@code mail.smtp.auth=true}, a user name and password) against a receiver that
 * insists on TLS and the login. {@code @SmtpServer} replaces only the host, the port and what is
 * trusted: a Spring Boot SSL bundle made from the receiver's CA, which Boot turns into
 * {@code mail.smtp.ssl.socketFactory}, so the certificate and host name are really checked.
 */
@SpringBootTest(classes = SpringMailSampleTest.App.class)
@SmtpServer(tls = TlsMode.STARTTLS, requireTls = true, users = "app:s3cret")
@TestPropertySource(locations = "classpath:mail-production.properties")
@Timeout(60)
class SpringMailTlsSampleTest {

    @Autowired
    WelcomeMailService welcomeMail;

    @Test
    void sendsTheWelcomeMailWithTheProductionSettings(Mailbox mailbox) {
        welcomeMail.sendWelcome("new.user@example.com", "Ada");

        assertThat(mailbox).singleEmail()
                .hasSubject("Welcome, Ada")
                .wasSentOverTls()
                .wasAuthenticatedAs("app");
        assertThat(mailbox).singleSession()
                .usedStartTls()
                .containsCommandSubsequence("EHLO", "STARTTLS", "EHLO", "AUTH", "MAIL");
    }
}
