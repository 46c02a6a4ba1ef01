package dev.smtptestkit.samples.spring;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;

import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.junit.SmtpServerExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Shows: the application's production mail configuration ({@code mail-production.properties}:
 * STARTTLS required, {@code mail.smtp.auth=true}, a user name and password) against a receiver that
 * insists on TLS and the login. The test changes only the host, the port and what is trusted: a
 * Spring Boot SSL bundle made from {@code receiver.caPemFile()}, which Boot turns into
 * {@code mail.smtp.ssl.socketFactory}, so the certificate and host name are really checked.
 * (Without a bundle, {@code spring.mail.properties.mail.smtp.ssl.trust=127.0.0.1} also works, but
 * trusts any certificate from that host.)
 */
@SpringBootTest(classes = SpringMailSampleTest.App.class)
@TestPropertySource(locations = "classpath:mail-production.properties")
@Timeout(60)
class SpringMailTlsSampleTest {

    @RegisterExtension
    static SmtpServerExtension smtp = SmtpServerExtension.builder()
            .receiver(r -> r.tls(TlsMode.STARTTLS).requireTls(true)
                    .requireAuth(true).auth(AuthPolicy.users(Map.of("app", "s3cret"))))
            .build();

    @DynamicPropertySource
    static void mailProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> smtp.receiver().host());
        registry.add("spring.mail.port", smtp::port);
        registry.add("spring.ssl.bundle.pem.smtp-testkit.truststore.certificate",
                () -> "file:" + smtp.receiver().caPemFile());
        registry.add("spring.mail.ssl.bundle", () -> "smtp-testkit");
    }

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
