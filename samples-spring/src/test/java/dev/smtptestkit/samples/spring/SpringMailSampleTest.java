package dev.smtptestkit.samples.spring;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.junit.SmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Shows: Spring Boot's {@code JavaMailSender} sending to the receiver with no boilerplate. With
 * {@code smtp-testkit-spring} on the test class path, {@code @SmtpServer} starts one receiver for the
 * application context and points {@code spring.mail.host}/{@code spring.mail.port} at it; the
 * mailbox is cleared before each test.
 */
@SpringBootTest(classes = SpringMailSampleTest.App.class)
@SmtpServer
@Timeout(60)
class SpringMailSampleTest {

    @Autowired
    WelcomeMailService welcomeMail;

    @Test
    void sendsTheWelcomeMail(Mailbox mailbox) {
        welcomeMail.sendWelcome("new.user@example.com", "Ada");

        assertThat(mailbox).singleEmail()
                .hasSubject("Welcome, Ada")
                .hasEnvelopeRecipients("new.user@example.com")
                .textBodyContains("please confirm");
    }

    @Test
    void everyTestStartsWithAnEmptyMailbox(Mailbox mailbox) {
        assertThat(mailbox.emails()).isEmpty();
        welcomeMail.sendWelcome("second@example.com", "Grace");
        assertThat(mailbox).singleEmail().hasSubject("Welcome, Grace");
    }

    /** A minimal Boot application: mail auto-configuration plus the service. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(WelcomeMailService.class)
    static class App {
    }
}
