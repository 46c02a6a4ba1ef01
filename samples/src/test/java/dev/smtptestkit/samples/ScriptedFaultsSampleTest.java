package dev.smtptestkit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shows: the unhappy paths, each scripted in one line on the injected receiver: a refused
 * recipient, a retry loop through two 421s, a client timeout against a stall, greylisting, a
 * connection dropped after the final dot (the message arrived, the client was never told), and one
 * reset halfway through a message sent in BDAT chunks (nothing arrived).
 */
@SmtpServer
@Timeout(30)
class ScriptedFaultsSampleTest {

    @Test
    void oneRecipientIsRefused(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
        receiver.script().onRcpt("bob@example.com").reply(550, "5.1.1", "No such user");
        Properties props = receiver.javaMailProperties();
        props.setProperty("mail.smtp.sendpartial", "true"); // deliver to the others

        SendFailedException e = catchThrowableOfType(SendFailedException.class,
                () -> Transport.send(message(props, "alice@example.com, bob@example.com")));

        assertThat(e.getInvalidAddresses()).extracting(Address::toString).containsExactly("bob@example.com");
        assertThat(mailbox.singleEmail().envelope().recipients()).containsExactly("alice@example.com");
    }

    @Test
    void aRetryLoopSurvivesTwo421s(SmtpReceiver receiver, Mailbox mailbox) throws Exception {
        receiver.script().failThenSucceed(2);
        MimeMessage message = message(receiver.javaMailProperties(), "customer@example.com");

        int attempts = RetryingMailer.sendWithRetries(message, 5);

        assertThat(attempts).isEqualTo(3);
        assertThat(mailbox.emails()).hasSize(1);
    }


    @Test
    void theClientTimesOutAgainstAStall(SmtpReceiver receiver) throws MessagingException {
        receiver.script().onEndOfData().stall();
        Properties props = receiver.javaMailProperties();
        props.setProperty("mail.smtp.timeout", "500"); // the setting under test

        MimeMessage message = message(props, "customer@example.com");

        assertThatThrownBy(() -> Transport.send(message)).hasRootCauseInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void greylistingIsPassedOnARetry(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
        receiver.script().greylisting(Duration.ZERO); // a real greylister wants minutes; the test does not
        MimeMessage message = message(receiver.javaMailProperties(), "customer@example.com");

        assertThatThrownBy(() -> Transport.send(message))
                .rootCause().hasMessageStartingWith("451 4.7.1 Greylisted");
        Transport.send(message);

        assertThat(mailbox.emails()).hasSize(1);
    }

    @Test
    void aDropAfterTheFinalDotDeliversButNeverAnswers(SmtpReceiver receiver, Mailbox mailbox)
            throws MessagingException {
        receiver.script().onEndOfData().drop();
        MimeMessage message = message(receiver.javaMailProperties(), "customer@example.com");

        assertThatThrownBy(() -> Transport.send(message)).isInstanceOf(MessagingException.class);

        ReceivedEmail email = mailbox.singleEmail(); // the receiver has it: a blind retry would send it twice
        assertThat(email.replySent()).isFalse();
    }

    @Test
    void aConnectionResetHalfwayThroughBdatDeliversNothing(SmtpReceiver receiver, Mailbox mailbox)
            throws MessagingException {
        receiver.script().onCommand("BDAT").resetAfterOctets(100); // counted across the chunks
        Properties props = receiver.javaMailProperties();
        props.setProperty("mail.smtp.chunksize", "64"); // Angus Mail sends BDAT chunks of 64 octets

        assertThatThrownBy(() -> Transport.send(message(props, "customer@example.com")))
                .isInstanceOf(MessagingException.class);

        assertThat(mailbox.emails()).isEmpty();
    }

    private static MimeMessage message(Properties props, String to) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("shop@example.com"));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
        message.setSubject("Your order 1042");
        message.setText("Thank you for your order.");
        return message;
    }
}
