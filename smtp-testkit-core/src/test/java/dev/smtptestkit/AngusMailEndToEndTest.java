package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.testing.WireTap;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Angus Mail (the Jakarta Mail implementation) sends real messages over a real socket; a
 * {@link WireTap} between client and receiver records the octets that really crossed the wire,
 * so every test also proves that {@link ReceivedEmail#rawBytes()} is exactly what the client sent.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AngusMailEndToEndTest {

    private SmtpReceiver receiver;
    private WireTap tap;
    private Session mail;

    @BeforeEach
    void start() {
        receiver = SmtpReceiver.builder().start();
        tap = new WireTap(receiver.port());
        Properties props = receiver.javaMailProperties();
        props.setProperty("mail.smtp.port", String.valueOf(tap.port()));
        props.setProperty("mail.smtp.localhost", "client.example");
        mail = Session.getInstance(props);
    }

    @AfterEach
    void stop() {
        tap.close();
        receiver.close();
    }

    private MimeMessage message(String subject) throws MessagingException {
        MimeMessage m = new MimeMessage(mail);
        m.setFrom(new InternetAddress("Sender Name <sender@example.com>"));
        m.setRecipients(Message.RecipientType.TO, "to@example.com");
        m.setSubject(subject);
        return m;
    }

    /** Sends synchronously and returns the only recorded email, checking it against the wire. */
    private ReceivedEmail send(MimeMessage m) throws MessagingException {
        Transport.send(m);
        ReceivedEmail email = receiver.mailbox().singleEmail(); // record before reply: no waiting
        assertThat(email.rawBytes()).isEqualTo(tap.firstDataContent());
        assertThat(email.size()).isEqualTo(email.rawBytes().length);
        return email;
    }

    @Test
    void plainTextMessage() throws Exception {
        MimeMessage m = message("Plain hello");
        m.setText("Hello there,\r\n.a line starting with a dot\r\n..and one with two\r\nbye\r\n", "US-ASCII");

        ReceivedEmail email = send(m);

        assertThat(email.subject()).isEqualTo("Plain hello");
        assertThat(email.from()).containsExactly("sender@example.com");
        assertThat(email.header("From")).hasValue("Sender Name <sender@example.com>");
        assertThat(email.to()).containsExactly("to@example.com");
        assertThat(email.cc()).isEmpty();
        assertThat(email.replyTo()).isEmpty();
        assertThat(email.contentType()).isEqualTo("text/plain");
        assertThat(email.mimeStructure()).isEqualTo("text/plain");
        assertThat(email.textBody()).hasValue(
                "Hello there,\r\n.a line starting with a dot\r\n..and one with two\r\nbye\r\n");
        assertThat(email.htmlBody()).isEmpty();
        assertThat(email.attachments()).isEmpty();
        assertThat(email.inlineParts()).isEmpty();
        assertThat(email.envelope().sender()).isEqualTo("sender@example.com");
        assertThat(email.envelope().recipients()).containsExactly("to@example.com");
        assertThat(email.envelope().heloName()).isEqualTo("client.example");
        assertThat(email.envelope().extended()).isTrue();
        assertThat(email.envelope().clientAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(email.mimeMessage().getSubject()).isEqualTo("Plain hello");
    }

    @Test
    void htmlMessage() throws Exception {
        MimeMessage m = message("Html hello");
        m.setContent("<html><body><p>Hello <b>HTML</b></p></body></html>", "text/html; charset=UTF-8");

        ReceivedEmail email = send(m);

        assertThat(email.contentType()).isEqualTo("text/html");
        // The CRLF before the terminating dot belongs to the message (RFC 5321 4.1.1.4).
        assertThat(email.htmlBody()).hasValue("<html><body><p>Hello <b>HTML</b></p></body></html>\r\n");
        assertThat(email.textBody()).isEmpty();
        assertThat(email.attachments()).isEmpty();
    }

    @Test
    void multipartAlternative() throws Exception {
        MimeMessage m = message("Alternative");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(textPart("plain version", "plain"));
        alternative.addBodyPart(textPart("<p>html version</p>", "html"));
        m.setContent(alternative);

        ReceivedEmail email = send(m);

        assertThat(email.contentType()).isEqualTo("multipart/alternative");
        assertThat(email.mimeStructure()).isEqualTo("multipart/alternative\n  text/plain\n  text/html");
        assertThat(email.textBody()).hasValue("plain version");
        assertThat(email.htmlBody()).hasValue("<p>html version</p>");
        assertThat(email.attachments()).isEmpty();
        assertThat(email.inlineParts()).isEmpty();
    }

    @Test
    void multipartMixedWithTwoAttachments() throws Exception {
        byte[] pdf = new byte[5000];
        new Random(42).nextBytes(pdf);
        byte[] csv = "id;name\r\n1;Ann\r\n2;Bob\r\n".getBytes(StandardCharsets.US_ASCII);
        MimeMessage m = message("With attachments");
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(textPart("see attached", "plain"));
        mixed.addBodyPart(attachment(pdf, "application/pdf", "report.pdf"));
        mixed.addBodyPart(attachment(csv, "text/csv", "data.csv"));
        m.setContent(mixed);

        ReceivedEmail email = send(m);

        assertThat(email.contentType()).isEqualTo("multipart/mixed");
        assertThat(email.mimeStructure()).isEqualTo("multipart/mixed\n  text/plain\n  application/pdf\n  text/csv");
        assertThat(email.textBody()).hasValue("see attached");
        List<Attachment> attachments = email.attachments();
        assertThat(attachments).extracting(Attachment::fileName).containsExactly("report.pdf", "data.csv");
        assertThat(attachments).extracting(Attachment::contentType).containsExactly("application/pdf", "text/csv");
        assertThat(attachments).extracting(Attachment::inline).containsExactly(false, false);
        assertThat(attachments.get(0).content()).isEqualTo(pdf);
        assertThat(attachments.get(1).content()).isEqualTo(csv);
        assertThat(email.inlineParts()).isEmpty();
    }

    @Test
    void inlineImageInMultipartRelated() throws Exception {
        byte[] png = new byte[700];
        new Random(7).nextBytes(png);
        MimeMessage m = message("Inline image");
        MimeMultipart related = new MimeMultipart("related");
        related.addBodyPart(textPart("<img src=\"cid:logo@example.com\">", "html"));
        MimeBodyPart image = new MimeBodyPart();
        image.setDataHandler(new DataHandler(new ByteArrayDataSource(png, "image/png")));
        image.setContentID("<logo@example.com>");
        image.setDisposition(Part.INLINE);
        related.addBodyPart(image);
        m.setContent(related);

        ReceivedEmail email = send(m);

        assertThat(email.mimeStructure()).isEqualTo("multipart/related\n  text/html\n  image/png");
        assertThat(email.htmlBody()).hasValue("<img src=\"cid:logo@example.com\">");
        assertThat(email.attachments()).isEmpty();
        assertThat(email.inlineParts()).hasSize(1);
        Attachment inline = email.inlineParts().get(0);
        assertThat(inline.contentId()).isEqualTo("logo@example.com");
        assertThat(inline.contentType()).isEqualTo("image/png");
        assertThat(inline.inline()).isTrue();
        assertThat(inline.fileName()).isEmpty();
        assertThat(inline.content()).isEqualTo(png);
    }

    @Test
    void utf8SubjectAndBody() throws Exception {
        MimeMessage m = message("ignored");
        m.setSubject("Grüße aus Köln ✓ 日本", "UTF-8");
        m.setText("Ärger über Öl: 100 € ✓\r\n日本語のテキスト\r\n", "UTF-8");

        ReceivedEmail email = send(m);

        assertThat(email.rawText()).contains("Subject: =?UTF-8?");
        assertThat(email.subject()).isEqualTo("Grüße aus Köln ✓ 日本");
        assertThat(email.header("subject")).hasValue("Grüße aus Köln ✓ 日本");
        assertThat(email.textBody()).hasValue("Ärger über Öl: 100 € ✓\r\n日本語のテキスト\r\n");
    }

    @Test
    void toCcAndBccWhereBccIsOnlyInTheEnvelope() throws Exception {
        MimeMessage m = message("Copies");
        m.setRecipients(Message.RecipientType.TO, "to1@example.com, To Two <to2@example.com>");
        m.setRecipients(Message.RecipientType.CC, "cc@example.com");
        m.setRecipients(Message.RecipientType.BCC, "hidden@example.com");
        m.setText("x");

        ReceivedEmail email = send(m);

        assertThat(email.to()).containsExactly("to1@example.com", "to2@example.com");
        assertThat(email.cc()).containsExactly("cc@example.com");
        assertThat(email.headers("Bcc")).isEmpty();
        assertThat(email.rawText()).doesNotContain("hidden@example.com");
        assertThat(email.envelope().recipients())
                .containsExactly("to1@example.com", "to2@example.com", "cc@example.com", "hidden@example.com");
        assertThat(receiver.mailbox().emailsTo("hidden@example.com")).containsExactly(email);
        assertThat(receiver.mailbox().emails()).hasSize(1); // one record per transaction, not per recipient
    }

    @Test
    void replyTo() throws Exception {
        MimeMessage m = message("Reply elsewhere");
        m.setReplyTo(InternetAddress.parse("Support <support@example.com>, help@example.com"));
        m.setText("x");

        ReceivedEmail email = send(m);

        assertThat(email.replyTo()).containsExactly("support@example.com", "help@example.com");
    }

    @Test
    void rfc2231EncodedFileName() throws Exception {
        MimeMessage m = message("Encoded name");
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(textPart("body", "plain"));
        mixed.addBodyPart(attachment(new byte[] {1, 2, 3}, "application/octet-stream",
                "Lebenslauf für Jürgen – 2024.pdf"));
        m.setContent(mixed);

        ReceivedEmail email = send(m);

        assertThat(email.rawText()).contains("filename*=UTF-8''Lebenslauf%20f%C3%BCr%20J%C3%BCrgen%20%E2%80%93%202024.pdf");
        assertThat(email.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("Lebenslauf für Jürgen – 2024.pdf");
            assertThat(a.content()).containsExactly(1, 2, 3);
        });
    }

    @Test
    void everyEmailIsRecordedBeforeTheFinalReplySoNoWaitingIsNeeded() throws Exception {
        for (int i = 1; i <= 20; i++) {
            MimeMessage m = message("message " + i);
            m.setText("body " + i);
            Transport.send(m);
            // No await: the email is in the mailbox before the client reads the 250 after DATA.
            assertThat(receiver.mailbox().size()).isEqualTo(i);
            assertThat(receiver.mailbox().email(i - 1).subject()).isEqualTo("message " + i);
            assertThat(receiver.mailbox().events(SmtpEvent.EmailReceived.class)).hasSize(i);
        }
    }

    private static MimeBodyPart textPart(String text, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(text, "UTF-8", subtype);
        return part;
    }

    private static MimeBodyPart attachment(byte[] content, String type, String fileName) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        part.setFileName(fileName);
        part.setDisposition(Part.ATTACHMENT);
        return part;
    }
}
