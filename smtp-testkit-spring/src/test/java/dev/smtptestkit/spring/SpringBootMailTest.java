package dev.smtptestkit.spring;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import jakarta.mail.Session;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import dev.smtptestkit.junit.SmtpServer;

/** {@code @SpringBootTest} + {@code @SmtpServer}: no {@code @DynamicPropertySource}, one receiver. */
@SpringBootTest(classes = MailApp.class)
@SmtpServer
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class SpringBootMailTest {

    @Autowired
    JavaMailSender mailSender;

    @Autowired
    SmtpReceiver contextReceiver;

    @Autowired
    Environment environment;

    @Test
    @Order(1)
    void theApplicationsMailSenderReachesTheReceiver(Mailbox mailbox) {
        MailApp.send(mailSender, "ada@example.com", "Welcome, Ada");

        assertThat(mailbox).singleEmail().hasSubject("Welcome, Ada");
    }

    @Test
    @Order(2)
    void eachTestSeesOnlyItsOwnMail(Mailbox mailbox) {
        assertThat(mailbox.emails()).isEmpty();
        MailApp.send(mailSender, "grace@example.com", "Welcome, Grace");

        assertThat(mailbox).singleEmail().hasSubject("Welcome, Grace");
    }

    @Test
    void theExtensionInjectsTheContextsReceiverAndStartsNoSecondOne(SmtpReceiver receiver, Mailbox mailbox) {
        assertThat(receiver).isSameAs(contextReceiver);
        assertThat(mailbox).isSameAs(contextReceiver.mailbox());
        assertThat(environment.getProperty("spring.mail.host")).isEqualTo(receiver.host());
        assertThat(environment.getProperty("spring.mail.port", Integer.class)).isEqualTo(receiver.port());
    }

    /** A {@code @Nested} class inherits Spring's configuration and the outer {@code @SmtpServer}: the same receiver. */
    @Nested
    class Inner {
        @Test
        void usesTheOuterContextsReceiver(SmtpReceiver receiver, Mailbox mailbox) {
            assertThat(receiver).isSameAs(contextReceiver);
            assertThat(mailbox.emails()).isEmpty();
            MailApp.send(mailSender, "nested@example.com", "From the nested class");
            assertThat(mailbox).singleEmail().hasSubject("From the nested class");
        }
    }

    @Test
    void anInjectedSessionSendsToTheSameReceiver(Session session, Mailbox mailbox) throws Exception {
        jakarta.mail.internet.MimeMessage message = new jakarta.mail.internet.MimeMessage(session);
        message.setFrom("app@example.com");
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, "linus@example.com");
        message.setSubject("Through the Session");
        message.setText("Hello");
        jakarta.mail.Transport.send(message);

        assertThat(mailbox).singleEmail().hasSubject("Through the Session");
    }
}
