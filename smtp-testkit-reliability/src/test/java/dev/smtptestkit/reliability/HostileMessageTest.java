package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.assertj.SmtpAssertions;
import dev.smtptestkit.assertj.SmtpSoftAssertions;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.error.AssertJMultipleFailuresError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile or broken messages arrive over a real socket, and the parsed view stays fast, honest and
 * bounded: linear work on huge folded headers (cached after the first call), headers readable when a
 * body part is broken, a depth limit on nested multiparts, and failure messages with capped values.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileMessageTest {

    private SmtpReceiver receiver;
    private Mailbox mailbox;

    @BeforeEach
    void start() {
        receiver = SmtpReceiver.builder().start();
        mailbox = receiver.mailbox();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    /** Sends the message in one DATA transaction and returns how long the final reply took. */
    private Duration deliver(String message) {
        try (RawClient client = RawClient.ready(receiver.port())) {
            client.command("MAIL FROM:<a@example.test>");
            client.command("RCPT TO:<b@example.test>");
            assertThat(client.command("DATA").code()).isEqualTo(354);
            byte[] octets = message.getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            client.send(octets);
            client.send(".\r\n");
            assertThat(client.reply().code()).isEqualTo(250);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            client.command("QUIT");
            return took;
        }
    }

    private ReceivedEmail receive(String message) {
        deliver(message);
        return mailbox.singleEmail();
    }

    private static <T> Timed<T> timed(Supplier<T> call) {
        long start = System.nanoTime();
        T value = call.get();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }

    private record Timed<T>(T value, Duration took) {
    }

    private static String headers(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    // ---- 9: linear, cached work on hostile headers ----

    @Test
    void aMessageIdFoldedOverAMillionLinesIsAnsweredPromptly() {
        StringBuilder message = new StringBuilder("From: a@example.test\r\nMessage-ID: <a");
        for (int i = 0; i < 1_000_000; i++) {
            message.append("\r\n x");
        }
        message.append("@example.test>\r\nSubject: folded\r\n\r\nbody\r\n");
        assertThat(message.length()).isGreaterThan(4_000_000);

        Duration took = deliver(message.toString());

        assertThat(took).isLessThan(Duration.ofSeconds(10));
        ProtocolViolation malformed = mailbox.violations().stream()
                .filter(v -> v.rule() == ProtocolViolation.Rule.MALFORMED_MESSAGE_ID).findFirst().orElseThrow();
        assertThat(malformed.line()).hasSizeLessThan(300).startsWith("Message-ID: <a x x");
        assertThat(mailbox.singleEmail().subject()).isEqualTo("folded");
    }

    @Test
    void aSubjectOf200kFoldedLinesIsUnfoldedOnceInLinearTime() {
        StringBuilder message = new StringBuilder("From: a@example.test\r\nSubject: w0");
        for (int i = 1; i < 200_000; i++) {
            message.append("\r\n w").append(i);
        }
        message.append("\r\n\r\nbody\r\n");
        ReceivedEmail email = receive(message.toString());

        Timed<String> first = timed(email::subject);

        assertThat(first.took()).isLessThan(Duration.ofSeconds(3));
        assertThat(first.value()).startsWith("w0 w1 w2 ").endsWith(" w199998 w199999");
        assertThat(email.subject()).isSameAs(first.value());
        assertThat(email.header("subject").orElseThrow()).isSameAs(first.value());
    }

    @Test
    void toWith100kFoldedAddressesParsesInLinearTime() {
        StringBuilder message = new StringBuilder("From: a@example.test\r\nTo: \"User, Zero\" <u0@example.test>");
        for (int i = 1; i < 100_000; i++) {
            message.append(",\r\n u").append(i).append("@example.test");
        }
        message.append("\r\nCc: team: x@example.test, \"y, z\" <y@example.test>;, w@example.test\r\n\r\nbody\r\n");
        ReceivedEmail email = receive(message.toString());

        Timed<List<String>> first = timed(email::to);

        assertThat(first.took()).isLessThan(Duration.ofSeconds(3));
        assertThat(first.value()).hasSize(100_000).startsWith("u0@example.test", "u1@example.test")
                .endsWith("u99999@example.test");
        assertThat(email.to()).isSameAs(first.value());
        assertThat(email.cc()).containsExactly("x@example.test", "y@example.test", "w@example.test");
    }

    // ---- 10: a broken part never hides the headers; assertions fail as assertions ----

    private static final String BROKEN_ATTACHMENT = headers(
            "From: a@example.test",
            "To: b@example.test",
            "Subject: broken attachment",
            "X-Trace: kept",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"b1\"",
            "",
            "--b1",
            "Content-Type: text/plain; charset=utf-8",
            "",
            "readable text",
            "--b1",
            "Content-Type: application/pdf",
            "Content-Disposition: attachment; filename=\"report.pdf\"",
            "Content-Transfer-Encoding: base64",
            "",
            "QUJDR",
            "--b1--");

    @Test
    void aBrokenBase64AttachmentLeavesHeadersAndTextReadable() {
        ReceivedEmail email = receive(BROKEN_ATTACHMENT);

        assertThat(email.subject()).isEqualTo("broken attachment");
        assertThat(email.header("X-Trace")).contains("kept");
        assertThat(email.to()).containsExactly("b@example.test");
        assertThat(email.textBody()).contains("readable text");
        assertThat(email.mimeStructure()).startsWith("multipart/mixed\n  text/plain\n  application/pdf (broken: ");
        Throwable thrown = catchThrowable(email::attachments);
        assertThat(thrown).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Part 2 (application/pdf) cannot be decoded: ")
                .hasMessageEndingWith(". The headers, mimeStructure() and rawBytes() are still available.");
    }

    @Test
    void assertionsOnABrokenPartFailAsAssertionsAndSoftBlocksKeepCollecting() {
        ReceivedEmail email = receive(BROKEN_ATTACHMENT);

        Throwable hard = catchThrowable(() -> SmtpAssertions.assertThat(email).hasAttachmentCount(1));
        assertThat(hard).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the attachments of email " + email.id() + " to be readable but"
                        + " part 2 (application/pdf) cannot be decoded: ");

        SmtpSoftAssertions softly = new SmtpSoftAssertions();
        softly.assertThat(email).hasSubject("another subject");
        softly.assertThat(email).hasAttachment("report.pdf");
        softly.assertThat(email).textBodyContains("missing words");
        Throwable soft = catchThrowable(softly::assertAll);
        assertThat(soft).isInstanceOf(AssertJMultipleFailuresError.class);
        assertThat(softly.errorsCollected()).hasSize(3);
    }

    @Test
    void anUnknownTransferEncodingNamesThePartAndTheEncoding() {
        ReceivedEmail email = receive(headers(
                "From: a@example.test",
                "Subject: odd encoding",
                "Content-Type: text/plain",
                "Content-Transfer-Encoding: x-rot13",
                "",
                "uryyb"));

        assertThat(email.subject()).isEqualTo("odd encoding");
        assertThat(email.mimeStructure()).startsWith("text/plain (broken: ").contains("x-rot13");
        assertThat(catchThrowable(email::textBody)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The body (text/plain) cannot be decoded: ").hasMessageContaining("x-rot13");
    }

    @Test
    void aMissingBoundaryMarksTheMultipartBroken() {
        ReceivedEmail email = receive(headers(
                "From: a@example.test",
                "Subject: no boundary",
                "Content-Type: multipart/mixed; boundary=\"never-used\"",
                "",
                "just text, no boundary line"));

        assertThat(email.subject()).isEqualTo("no boundary");
        assertThat(email.headerNames()).contains("From", "Subject", "Content-Type");
        assertThat(email.mimeStructure()).startsWith("multipart/mixed (broken: ");
        assertThat(catchThrowable(email::textBody)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The body (multipart/mixed) cannot be decoded: ");
        assertThat(catchThrowable(() -> SmtpAssertions.assertThat(email).textBodyContains("text")))
                .isInstanceOf(AssertionError.class);
    }

    // ---- 11: nesting is walked to a limit ----

    private static String nested(int levels) {
        StringBuilder message = new StringBuilder("From: a@example.test\r\nSubject: deep\r\n");
        for (int i = 0; i < levels; i++) {
            message.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b")
                    .append(i).append("\r\n");
        }
        message.append("Content-Type: text/plain\r\n\r\ninnermost\r\n");
        for (int i = levels - 1; i >= 0; i--) {
            message.append("--b").append(i).append("--\r\n");
        }
        return message.toString();
    }

    @Test
    void tenThousandNestingLevelsAreWalkedToTheLimitQuickly() {
        ReceivedEmail email = receive(nested(10_000));

        Timed<String> structure = timed(email::mimeStructure);

        assertThat(structure.took()).isLessThan(Duration.ofSeconds(3));
        assertThat(email.subject()).isEqualTo("deep");
        assertThat(structure.value().length()).isLessThan(20_000);
        assertThat(structure.value().lines()).hasSize(101);
        assertThat(structure.value().lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo("  ".repeat(100) + "multipart/mixed (not read: nested deeper than 100 levels)");
        Throwable thrown = catchThrowable(email::textBody);
        assertThat(thrown).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is nested deeper than 100 levels");
        assertThat(catchThrowable(() -> SmtpAssertions.assertThat(email).hasTextBody("innermost")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("nested deeper than 100 levels");
    }

    @Test
    void threeThousandLevelsNeverOverflowTheStack() {
        ReceivedEmail email = receive(nested(3_000));

        for (int i = 0; i < 3; i++) {
            Timed<Throwable> call = timed(() -> catchThrowable(email::attachments));
            assertThat(call.took()).isLessThan(Duration.ofSeconds(2));
            assertThat(call.value()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("nested deeper than 100 levels");
        }
        assertThat(SmtpAssertions.assertThat(email).isMultipart()).isNotNull();
        assertThat(catchThrowable(() -> SmtpAssertions.assertThat(email).hasCharset("utf-8")))
                .isInstanceOf(AssertionError.class);
    }

    // ---- 12: failure messages show capped values ----

    @Test
    void aFailureOnAHugeSubjectShowsItCappedWithItsFullSize() {
        String subject = "x".repeat(5 * 1024 * 1024);
        ReceivedEmail email = receive("From: a@example.test\r\nSubject: " + subject + "\r\n\r\nbody\r\n");

        Throwable thrown = catchThrowable(() -> SmtpAssertions.assertThat(email).hasSubject("short"));

        assertThat(thrown).isInstanceOf(AssertionError.class)
                .hasMessageContaining("\"" + "x".repeat(1_000) + "\"... (5,242,880 chars in all)");
        assertThat(thrown.getMessage().length()).isLessThan(5_000);
        assertThat(email.toString().length()).isLessThan(5_000);
    }

    // ---- 13: SMTPUTF8 messages are read as UTF-8 (RFC 6532) ----

    @Test
    void anSmtpUtf8MessageFromAngusMailDecodesAsUtf8AndItsUtf8MessageIdIsAllowed() throws Exception {
        receiver.close();
        receiver = SmtpReceiver.builder().rejectViolations(true).start(); // strict: any header finding would be refused
        mailbox = receiver.mailbox();
        Properties props = receiver.javaMailProperties();
        props.setProperty("mail.mime.allowutf8", "true"); // Angus then sends MAIL FROM:<...> SMTPUTF8
        MimeMessage message = new MimeMessage(Session.getInstance(props)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<grüße.1@bücher.example>"); // RFC 6532 3.2: UTF-8 in msg-id
            }
        };
        message.setFrom(new InternetAddress("joerg@example.test", "Jörg Größ", "UTF-8"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("zoe@example.test"));
        message.setHeader("Subject", "Grüße aus Köln"); // raw UTF-8, as allowutf8 permits
        message.setHeader("To", "Zoë Ünal <zoe@example.test>");
        message.setSentDate(new Date());
        message.setText("Hallo", "UTF-8");

        Transport.send(message);

        ReceivedEmail email = mailbox.singleEmail();
        assertThat(email.envelope().senderParameters()).containsKey("SMTPUTF8");
        assertThat(email.rawText()).contains("Subject: Grüße aus Köln");
        assertThat(email.subject()).isEqualTo("Grüße aus Köln");
        assertThat(email.header("To")).contains("Zoë Ünal <zoe@example.test>");
        assertThat(email.header("From").orElseThrow()).contains("Jörg Größ");
        assertThat(email.to()).containsExactly("zoe@example.test");
        assertThat(email.header("Message-ID")).contains("<grüße.1@bücher.example>");
        assertThat(email.mimeMessage().getSubject()).isEqualTo("Grüße aus Köln");
        assertThat(mailbox.violations()).isEmpty();
    }
}
