package example.app;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer;
import jakarta.mail.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs on the module path only: .ci/run starts it with JUnit's console launcher. */
@Timeout(30)
@SmtpServer
class WelcomeMailerTest {

    @Test
    void receivesTheWelcomeMailOnTheModulePath(SmtpReceiver receiver, Mailbox mailbox) throws Exception {
        new WelcomeMailer(Session.getInstance(receiver.javaMailProperties())).send("new.user@example.com");

        assertThat(mailbox).singleEmail().hasSubject("Welcome").textBodyContains("activate");
        // really named modules, not the class path
        assertEquals("dev.smtptestkit", SmtpReceiver.class.getModule().getName());
        assertEquals("dev.smtptestkit.junit", SmtpServer.class.getModule().getName());
        assertEquals("example.app", getClass().getModule().getName());
    }
}
