package dev.smtptestkit.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.junit.SmtpServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Shows: Spring Boot's {@code JavaMailSender} sending to the receiver. The extension is registered in
 * a static field, so its receiver runs before the Spring context starts and
 * {@code @DynamicPropertySource} can hand its port to {@code spring.mail.port}. The class-wide
 * mailbox is cleared before each test.
 */
@SpringBootTest(classes = SpringMailSampleTest.App.class)
@Timeout(60)
class SpringMailSampleTest {

    @RegisterExtension
    static SmtpServerExtension smtp = SmtpServerExtension.builder().build();

    @DynamicPropertySource
    static void mailProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> smtp.receiver().host());
        registry.add("spring.mail.port", smtp::port);
    }

    @Autowired
    WelcomeMailService welcomeMail;

    @Test
    void sendsTheWelcomeMail(Mailbox mailbox) {
        welcomeMail.sendWelcome("new.user@example.com", "Ada");

        ReceivedEmail email = mailbox.singleEmail();
        assertThat(email.subject()).isEqualTo("Welcome, Ada");
        assertThat(email.envelope().recipients()).containsExactly("new.user@example.com");
        assertThat(email.textBody()).hasValueSatisfying(body -> assertThat(body).contains("please confirm"));
    }

    @Test
    void everyTestStartsWithAnEmptyMailbox(Mailbox mailbox) {
        assertThat(mailbox.emails()).isEmpty();
        welcomeMail.sendWelcome("second@example.com", "Grace");
        assertThat(smtp.mailbox().singleEmail().subject()).isEqualTo("Welcome, Grace");
    }

    /** A minimal Boot application: mail auto-configuration plus the service. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(WelcomeMailService.class)
    static class App {
    }
}
