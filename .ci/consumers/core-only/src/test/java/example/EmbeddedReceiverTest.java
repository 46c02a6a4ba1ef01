package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EmbeddedReceiverTest {

    @Test
    void receivesMailWithoutAssertJOnTheClassPath() throws Exception {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            MimeMessage message = new MimeMessage(Session.getInstance(receiver.javaMailProperties()));
            message.setFrom("app@example.com");
            message.setRecipients(Message.RecipientType.TO, "user@example.com");
            message.setSubject("Welcome");
            message.setText("Hello!");
            Transport.send(message);

            ReceivedEmail email = receiver.mailbox().singleEmail();
            assertEquals("Welcome", email.subject());
            assertEquals(List.of("user@example.com"), email.envelope().recipients());
        }
    }

    @Test
    void coreBringsNeitherAssertJNorByteBuddy() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.assertj.core.api.Assertions"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("net.bytebuddy.ByteBuddy"));
    }

    /** Using the assertions without AssertJ fails at once, naming the AssertJ class that is missing. */
    @Test
    void theAssertionsWithoutAssertJNameWhatIsMissing() {
        Throwable failure = assertThrows(LinkageError.class,
                () -> Class.forName("dev.smtptestkit.assertj.MailboxAssert"));
        assertEquals(true, String.valueOf(failure.getMessage()).contains("org/assertj/core/api/"), failure.toString());
    }
}
