package dev.smtptestkit.spring;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * {@code @TestInstance(PER_CLASS)}: Spring creates the context while the test instance is prepared,
 * before any {@code beforeAll}; the receiver comes with the context, so the old "no class-wide
 * receiver running" cannot happen, and a class-wide {@code @BeforeAll} may already send.
 */
@SpringBootTest(classes = MailApp.class)
@SmtpServer(scope = SmtpServer.Scope.PER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class PerClassLifecycleTest {

    @Autowired
    JavaMailSender mailSender;

    @Autowired
    SmtpReceiver contextReceiver;

    SmtpReceiver atBeforeAll;

    @BeforeAll
    void beforeAll(SmtpReceiver receiver) {
        atBeforeAll = receiver;
        MailApp.send(mailSender, "setup@example.com", "Sent in @BeforeAll");
    }

    @Test
    @Order(1)
    void theClassWideReceiverIsTheContexts(SmtpReceiver receiver, Mailbox mailbox) {
        assertThat(atBeforeAll).isSameAs(contextReceiver).isSameAs(receiver);
        assertThat(mailbox.emails()).isEmpty(); // cleared before each test, @BeforeAll's mail included
        MailApp.send(mailSender, "ada@example.com", "First");
        assertThat(mailbox).singleEmail().hasSubject("First");
    }

    @Test
    @Order(2)
    void theNextTestStartsEmpty(Mailbox mailbox) {
        assertThat(mailbox.emails()).isEmpty();
        MailApp.send(mailSender, "grace@example.com", "Second");
        assertThat(mailbox).singleEmail().hasSubject("Second");
    }
}
