package dev.smtptestkit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shows: plain Jakarta Mail (Angus) against a fresh receiver per test. The receiver handle points
 * the client at the receiver in one line ({@code Session.getInstance(receiver.javaMailProperties())});
 * the Mailbox holds what arrived, already recorded when {@code Transport.send} returns.
 */
@SmtpServer
@Timeout(30)
class JakartaMailSampleTest {

    @Test
    void sendsAPlainTextMail(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
        Session session = Session.getInstance(receiver.javaMailProperties());
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("shop@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("customer@example.com"));
        message.setSubject("Your order 1042");
        message.setText("Thank you for your order.\nIt ships tomorrow.");

        Transport.send(message);

        ReceivedEmail email = mailbox.singleEmail();
        assertThat(email.subject()).isEqualTo("Your order 1042");
        assertThat(email.from()).containsExactly("shop@example.com");
        assertThat(email.to()).containsExactly("customer@example.com");
        assertThat(email.textBody()).hasValueSatisfying(body -> assertThat(body).contains("It ships tomorrow."));
    }

    @Test
    void sendsHtmlWithAnAttachment(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
        Session session = Session.getInstance(receiver.javaMailProperties());
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<h1>Invoice</h1><p>See the attached PDF.</p>", "text/html; charset=UTF-8");
        MimeBodyPart pdf = new MimeBodyPart();
        byte[] pdfBytes = "%PDF-1.4 sample".getBytes(StandardCharsets.US_ASCII);
        pdf.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(pdfBytes, "application/pdf")));
        pdf.setFileName("invoice-1042.pdf");
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("billing@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("customer@example.com"));
        message.setSubject("Invoice 1042");
        message.setContent(new MimeMultipart(html, pdf));

        Transport.send(message);

        ReceivedEmail email = mailbox.singleEmail();
        assertThat(email.contentType()).isEqualTo("multipart/mixed");
        assertThat(email.htmlBody()).hasValueSatisfying(body -> assertThat(body).contains("<h1>Invoice</h1>"));
        assertThat(email.attachments()).singleElement().satisfies(attachment -> {
            assertThat(attachment.fileName()).isEqualTo("invoice-1042.pdf");
            assertThat(attachment.contentType()).isEqualTo("application/pdf");
            assertThat(attachment.content()).isEqualTo(pdfBytes);
        });
        assertThat(email.attachments()).extracting(Attachment::inline).containsExactly(false);
    }

    @Test
    void sendsAUtf8Subject(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
        Session session = Session.getInstance(receiver.javaMailProperties());
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("bot@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("zoe@example.com"));
        message.setSubject("Grüße aus Köln – 東京 ✓", "UTF-8"); // sent RFC 2047 encoded
        message.setText("Schöne Grüße", "UTF-8");

        Transport.send(message);

        ReceivedEmail email = mailbox.singleEmail();
        assertThat(email.subject()).isEqualTo("Grüße aus Köln – 東京 ✓");          // decoded
        assertThat(email.rawText()).contains("Subject: =?UTF-8?");                 // as it travelled
        assertThat(email.textBody().map(String::strip)).hasValue("Schöne Grüße");
    }

    @Test
    void bccRecipientsAreInTheEnvelopeOnly(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
        Session session = Session.getInstance(receiver.javaMailProperties());
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("team@example.com"));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse("ann@example.com, bob@example.com"));
        message.setRecipient(Message.RecipientType.CC, new InternetAddress("carol@example.com"));
        message.setRecipient(Message.RecipientType.BCC, new InternetAddress("audit@example.com"));
        message.setSubject("Team meeting");
        message.setText("Thursday, 10:00.");

        Transport.send(message);

        ReceivedEmail email = mailbox.singleEmail();
        // One message, four RCPT TO commands: the envelope has everyone...
        assertThat(email.envelope().recipients())
                .containsExactlyInAnyOrder("ann@example.com", "bob@example.com", "carol@example.com", "audit@example.com");
        // ...while the headers show To and Cc only: Bcc never appears in the message (RFC 5322 3.6.3).
        assertThat(email.to()).containsExactly("ann@example.com", "bob@example.com");
        assertThat(email.cc()).containsExactly("carol@example.com");
        assertThat(email.headers("Bcc")).isEmpty();
        assertThat(email.rawText()).doesNotContain("audit@example.com");
        assertThat(mailbox.emailsTo("audit@example.com")).containsExactly(email);
    }
}
