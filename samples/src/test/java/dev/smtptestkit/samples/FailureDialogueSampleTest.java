package dev.smtptestkit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Shows: what a red test tells you. A failing test with {@code @SmtpServer} carries the SMTP dialogue
 * of its receiver (one line per command and reply) in its failure, so a CI log explains itself; and
 * the Mailbox's own failures list what did arrive. The sample asserts on those texts, so it stays green.
 */
@Timeout(30)
class FailureDialogueSampleTest {

    static void send(SmtpReceiver receiver, String to, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(receiver.javaMailProperties()));
        message.setFrom(new InternetAddress("signup@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("Click the link to confirm.");
        Transport.send(message);
    }

    /** The test a user would write; it fails because the code under test sent to the wrong address. */
    @Tag("fixture") // run only below, through the JUnit engine, never on its own
    @SmtpServer
    static class FailingSignupCase {
        @Test
        void sendsTheConfirmationToTheNewUser(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
            send(receiver, "admin@example.com", "Confirm your address"); // the bug
            assertThat(mailbox.emailsTo("new.user@example.com")).as("mail to new.user@example.com").hasSize(1);
        }
    }

    @Test
    void theFailureOfATestCarriesTheSmtpDialogue() {
        Throwable failure = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FailingSignupCase.class))
                .execute()
                .testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst().orElseThrow();

        // What Maven, Gradle and the IDE print under the assertion failure:
        //   Suppressed: ...SmtpDialogue: SMTP dialogue of the receiver on 127.0.0.1:41234:
        //     session s1:
        //       S: 220 localhost ESMTP smtp-testkit ready
        //       C: EHLO localhost
        //       ...
        //       C: RCPT TO:<admin@example.com>
        //       S: 250 2.1.5 Recipient OK
        assertThat(failure).hasMessageContaining("[mail to new.user@example.com]");
        assertThat(failure.getSuppressed()).singleElement().extracting(Throwable::getMessage).asString()
                .startsWith("SMTP dialogue of the receiver on 127.0.0.1:")
                .contains("    C: MAIL FROM:<signup@example.com>\n    S: 250 2.1.0 Sender OK\n")
                .contains("    C: RCPT TO:<admin@example.com>\n    S: 250 2.1.5 Recipient OK\n")
                .endsWith("    C: QUIT\n    S: 221 2.0.0 localhost closing connection");
    }

    @Test
    @SmtpServer
    void mailboxFailuresListWhatDidArrive(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
        send(receiver, "a@example.com", "First");
        send(receiver, "b@example.com", "Second");

        Throwable failure = catchThrowable(mailbox::singleEmail);

        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting exactly one email but 2 arrived:")
                .hasMessageContaining("Subject: First")
                .hasMessageContaining("Subject: Second")
                .hasMessageContaining("Dialogue:")
                .hasMessageContaining("C: RCPT TO:<b@example.com>");
    }
}
