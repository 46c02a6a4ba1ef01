package dev.smtptestkit.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.junit.SmtpServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Shows: the explicit, programmatic style, for receiver settings the annotation does not offer
 * (here a {@code maxMessageSize} in code) or without {@code smtp-testkit-spring}. The extension
 * is registered in a static field, so its receiver runs before the Spring context starts and
 * {@code @DynamicPropertySource} hands its host and port to {@code spring.mail.*}. The class-wide
 * mailbox is cleared before each test. (Not with {@code @TestInstance(PER_CLASS)}: there Spring
 * builds the context before {@code beforeAll} starts the receiver; use {@code @SmtpServer} instead.)
 */
@SpringBootTest(classes = SpringMailSampleTest.App.class)
@Timeout(60)
class SpringMailProgrammaticSampleTest {

    @RegisterExtension
    static SmtpServerExtension smtp = SmtpServerExtension.builder()
            .receiver(r -> r.maxMessageSize(1024 * 1024))
            .build();

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
}
