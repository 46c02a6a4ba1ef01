package dev.smtptestkit.samples;

import static dev.smtptestkit.assertj.SmtpAssertions.*;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.junit.SmtpServer;
import jakarta.mail.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shows: the README's quick start, exactly as printed there (plus the {@code @Timeout} every socket
 * test of this repository carries), so the first thing a new user copies is known to compile and pass.
 * {@link WelcomeMailer} stands for the user's own code that sends mail.
 */
@Timeout(30)
@SmtpServer
class WelcomeMailTest {
    @Test
    void sendsWelcomeMail(Session session, Mailbox mailbox) throws Exception {
        new WelcomeMailer(session).send("new.user@example.com");  // a Jakarta Mail Session for this receiver

        assertThat(mailbox).singleEmail()                        // already recorded: no waiting
                .hasSubject("Welcome")
                .hasTo("new.user@example.com");
    }
}
