package dev.smtptestkit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shows: one behaviour for a whole test class, from the annotation: a greylisting server read from
 * a script file on the class path ({@code src/test/resources/faults/greylist.smtpscript}, the
 * standalone runner's format), without CHUNKING and PIPELINING.
 */
@SmtpServer(script = "faults/greylist.smtpscript", hideExtensions = {"CHUNKING", "PIPELINING"})
@Timeout(30)
class ScriptedServerSampleTest {

    @Test
    void theMailerGetsThroughGreylistingWithOneRetry(SmtpReceiver receiver, Mailbox mailbox) throws Exception {
        MimeMessage message = message(receiver.javaMailProperties());

        int attempts = RetryingMailer.sendWithRetries(message, 3);

        assertThat(attempts).isEqualTo(2);
        assertThat(mailbox.singleEmail().subject()).isEqualTo("Your order 1042");
    }

    @Test
    void aMailerConfiguredForChunkingFallsBackToData(SmtpReceiver receiver, Mailbox mailbox) throws Exception {
        Properties props = receiver.javaMailProperties();
        props.setProperty("mail.smtp.chunksize", "1024"); // BDAT, if the server offers CHUNKING

        RetryingMailer.sendWithRetries(message(props), 3);

        assertThat(mailbox.transcripts().get(1).render()).contains("C: DATA").doesNotContain("BDAT");
    }


    private static MimeMessage message(Properties props) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("shop@example.com"));
        message.setRecipients(Message.RecipientType.TO, "customer@example.com");
        message.setSubject("Your order 1042");
        message.setText("Thank you for your order.");
        return message;
    }
}
