package dev.smtptestkit.samples.spring;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
import static dev.smtptestkit.assertj.SmtpAssertions.assertThatThrownBy;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mail.MailSendException;

/**
 * Shows: testing Spring Retry around {@code JavaMailSender} against scripted refusals. The
 * receiver answers the way a production server does when it is busy ({@code 421}) or when an
 * address does not exist ({@code 550}), and the test checks that the service retries the first
 * and gives up on the second at once. The receiver belongs to the application context, so its
 * script is cleared after each test.
 */
@SpringBootTest(classes = SpringRetrySampleTest.App.class)
@SmtpServer
@Timeout(60)
class SpringRetrySampleTest {

    @Autowired
    RetryingWelcomeMailService welcomeMail;

    @Autowired
    SmtpReceiver receiver;

    @AfterEach
    void clearTheScript() {
        receiver.script().clear();
    }

    @Test
    void retriesABusyServerUntilItAccepts(Mailbox mailbox) {
        receiver.script().failThenSucceed(2); // the first two MAIL commands get 421 4.3.2

        int attempt = welcomeMail.sendWelcome("new.user@example.com", "Ada");

        assertThat(attempt).isEqualTo(3);
        assertThat(mailbox).singleEmail().hasSubject("Welcome, Ada");
        // one session per attempt: two refused with the scripted 421, the third delivered
        assertThat(mailbox.transcripts()).hasSize(3);
        assertThat(mailbox.dialogue(100))
                .contains("S: 421 4.3.2 Service not available, try again later  [scripted]");
    }

    @Test
    void givesUpAtOnceOnAPermanentRefusal(Mailbox mailbox) {
        receiver.script().onRcpt("nobody@example.com").reply(550, "5.1.1", "No such user");

        assertThatThrownBy(() -> welcomeMail.sendWelcome("nobody@example.com", "Nobody"))
                .isInstanceOf(MailSendException.class)
                .satisfies(e -> assertThat(RetryingWelcomeMailService.replyCode(e)).isEqualTo(550));
        assertThat(mailbox.emails()).isEmpty();
        assertThat(mailbox.transcripts()).hasSize(1); // no second attempt
    }

    @Test
    void givesUpAfterTheLastAttempt(Mailbox mailbox) {
        receiver.script().onCommand("MAIL").reply(421, "4.3.2", "Still busy");

        assertThatThrownBy(() -> welcomeMail.sendWelcome("new.user@example.com", "Ada"))
                .isInstanceOf(MailSendException.class)
                .satisfies(e -> assertThat(RetryingWelcomeMailService.replyCode(e)).isEqualTo(421));
        assertThat(mailbox.emails()).isEmpty();
        assertThat(mailbox.transcripts()).hasSize(3); // maxAttempts
    }

    /** Mail auto-configuration plus the retrying service, three attempts in all. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(WelcomeMailService.class)
    static class App {
        @Bean
        RetryingWelcomeMailService retryingWelcomeMail(WelcomeMailService welcomeMail) {
            return new RetryingWelcomeMailService(welcomeMail, 3);
        }
    }
}
