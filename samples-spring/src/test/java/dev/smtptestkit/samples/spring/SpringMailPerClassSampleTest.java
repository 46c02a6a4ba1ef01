package dev.smtptestkit.samples.spring;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Shows: {@code @TestInstance(PER_CLASS)} works (the receiver comes with the application context),
 * and a class with the same Spring configuration and the same {@code @SmtpServer} settings as
 * {@link SpringMailSampleTest} reuses its cached context and its receiver; the mailbox is still
 * cleared before each test.
 */
@SpringBootTest(classes = SpringMailSampleTest.App.class)
@SmtpServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class SpringMailPerClassSampleTest {

    @Autowired
    WelcomeMailService welcomeMail;

    @Autowired
    SmtpReceiver receiver; // the context's receiver is a bean, too

    @Test
    void sendsTheWelcomeMail(Mailbox mailbox) {
        welcomeMail.sendWelcome("per.class@example.com", "Ada");

        assertThat(mailbox).singleEmail().hasSubject("Welcome, Ada");
        assertThat(mailbox).isSameAs(receiver.mailbox());
    }

    @Test
    void theNextTestStartsEmpty(Mailbox mailbox) {
        assertThat(mailbox.emails()).isEmpty();
    }
}
