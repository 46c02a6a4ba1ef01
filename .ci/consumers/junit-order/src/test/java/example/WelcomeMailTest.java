package example;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.assertj.SmtpSoftAssertions;
import dev.smtptestkit.junit.SmtpServer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.assertj.core.api.SoftAssertionsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
@SmtpServer
class WelcomeMailTest {

    @Test
    void receivesTheWelcomeMail(SmtpReceiver receiver, Mailbox mailbox) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(receiver.javaMailProperties()));
        message.setFrom("app@example.com");
        message.setRecipients(Message.RecipientType.TO, "new.user@example.com");
        message.setSubject("Welcome");
        message.setText("Hello Ada, activate your account.");
        Transport.send(message);

        assertThat(mailbox).hasEmailCount(1)
                .singleEmail()
                .hasSubject("Welcome")
                .textBodyContains("activate");
        SoftAssertionsProvider.assertSoftly(SmtpSoftAssertions.class, softly -> {
            softly.assertThat(mailbox.singleEmail()).hasSubject("Welcome");
            softly.assertThat(mailbox).hasEmailCount(1);
        });
    }

    /** The JUnit the user asked for is the JUnit that runs: no older API next to a newer engine. */
    @Test
    void theApiAndTheEngineAreTheJUnitThisBuildAskedFor() throws Exception {
        String expected = System.getProperty("expected.junit.version");
        assertEquals(expected, Test.class.getPackage().getImplementationVersion(), "junit-jupiter-api");
        assertEquals(expected, Class.forName("org.junit.jupiter.engine.JupiterTestEngine").getPackage()
                .getImplementationVersion(), "junit-jupiter-engine");
    }

    /** Under profile lowest: the lowest stated versions are really the ones on the class path. */
    @Test
    void theMailAndAssertJVersionsAreTheOnesThisBuildAskedFor() {
        expectVersion("expected.jakarta.mail.version", Message.class);
        expectVersion("expected.assertj.version", org.assertj.core.api.Assertions.class);
    }

    private static void expectVersion(String property, Class<?> type) {
        String expected = System.getProperty(property, "");
        if (!expected.isEmpty() && !expected.startsWith("${")) {
            String location = type.getProtectionDomain().getCodeSource().getLocation().toString();
            assertEquals(true, location.contains("-" + expected + ".jar"), type.getName() + " comes from " + location);
        }
    }
}
