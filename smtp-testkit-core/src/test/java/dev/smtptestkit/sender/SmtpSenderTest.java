package dev.smtptestkit.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.smtptestkit.DeliveryResult;
import dev.smtptestkit.DeliveryResult.Kind;
import dev.smtptestkit.DeliveryResult.RecipientStatus;
import dev.smtptestkit.DeliveryResult.Stage;
import dev.smtptestkit.DeliveryResult.Status;
import dev.smtptestkit.OutgoingEmail;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.SmtpSender;
import dev.smtptestkit.Transcript;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sender's protocol against our own receiver, over real sockets. */
@Timeout(60)
class SmtpSenderTest {

    static final byte[] MESSAGE = ("From: app@example.test\r\nTo: bob@example.test\r\nSubject: Hi\r\n\r\n"
            + "Hello\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n").getBytes(StandardCharsets.US_ASCII);

    private SmtpReceiver receiver;

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private SmtpReceiver start(SmtpReceiver.Builder builder) {
        receiver = builder.start();
        return receiver;
    }

    private static OutgoingEmail email(String... recipients) {
        return OutgoingEmail.of("app@example.test", List.of(recipients), MESSAGE);
    }

    @Test
    void deliversOctetsExactlyWithDotStuffingAndPipelining() {
        start(SmtpReceiver.builder());
        DeliveryResult result = SmtpSender.to(receiver).build().send(email("bob@example.test"));

        assertThat(result.status()).as(result.summary()).isEqualTo(Status.DELIVERED);
        ReceivedEmail got = receiver.mailbox().singleEmail();
        assertThat(got.rawBytes()).isEqualTo(MESSAGE);
        assertThat(got.envelope().sender()).isEqualTo("app@example.test");
        assertThat(got.envelope().senderParameter("SIZE")).isEqualTo(String.valueOf(MESSAGE.length));
        assertThat(result.queueId()).contains(got.id());
        assertThat(result.recipients()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(RecipientStatus.ACCEPTED));
        // RFC 2920: MAIL, RCPT and DATA went as one group, before any reply
        List<Transcript.Line> client = result.transcript().lines().stream()
                .filter(l -> l.direction() == Transcript.Direction.CLIENT).toList();
        assertThat(client).extracting(Transcript.Line::text).containsExactly("EHLO localhost",
                "MAIL FROM:<app@example.test> SIZE=" + MESSAGE.length, "RCPT TO:<bob@example.test>", "DATA",
                "<" + (MESSAGE.length + 3) + " bytes>", "QUIT"); // three lines start with a dot: each one doubled
        assertThat(client).extracting(Transcript.Line::pipelined).containsExactly(false, true, true, false, false,
                false);
    }

    @Test
    void transcriptRendersLikeTheReceiversOwn() {
        start(SmtpReceiver.builder());
        DeliveryResult result = SmtpSender.to(receiver).pipelining(false).build().send(email("bob@example.test"));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.mailbox().transcripts().stream()
                .anyMatch(t -> t.commands().contains("QUIT") && t.lines().size() == result.transcript().lines().size()));
        Transcript theirs = receiver.mailbox().transcripts().get(0);
        assertThat(result.transcript().lines()).extracting(Transcript.Line::toString)
                .containsExactlyElementsOf(theirs.lines().stream().map(Transcript.Line::toString).toList());
    }

    @Test
    void partialSuccessIsAResultWithTheRefusalOfEachRecipient() {
        start(SmtpReceiver.builder().maxRecipients(1));
        DeliveryResult result = SmtpSender.to(receiver).build().send(email("bob@example.test", "carol@example.test"));

        assertThat(result.status()).isEqualTo(Status.PARTIALLY_DELIVERED);
        assertThat(result.acceptedRecipients()).containsExactly("bob@example.test");
        assertThat(result.refusedRecipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("carol@example.test");
            assertThat(r.status()).isEqualTo(RecipientStatus.REFUSED);
            assertThat(r.reply().orElseThrow().code()).isEqualTo(452);
        });
        assertThat(receiver.mailbox().singleEmail().envelope().recipients()).containsExactly("bob@example.test");
    }

    @Test
    void refusesLocallyAMessageLargerThanTheServersSizeLimit() {
        start(SmtpReceiver.builder().maxMessageSize(100));
        DeliveryResult result = SmtpSender.to(receiver).build().send(email("bob@example.test"));

        assertThat(result.status()).isEqualTo(Status.NOT_DELIVERED);
        DeliveryResult.Failure failure = result.failure().orElseThrow();
        assertThat(failure.stage()).isEqualTo(Stage.MAIL);
        assertThat(failure.kind()).isEqualTo(Kind.LOCAL_REFUSAL);
        assertThat(failure.message()).isEqualTo("The message is " + MESSAGE.length + " octets, more than the SIZE "
                + "limit of 100 octets that the server at " + receiver.host() + ":" + receiver.port()
                + " announced (RFC 1870): it was not sent");
        assertThat(result.transcript().commands()).containsExactly("EHLO", "QUIT");
    }

    @Test
    void setsBody8BitMimeAndSmtpUtf8WhenTheMessageNeedsThem() {
        start(SmtpReceiver.builder());
        byte[] utf8 = "Subject: Grüße\r\n\r\nÄpfel\r\n".getBytes(StandardCharsets.UTF_8);
        DeliveryResult result = SmtpSender.to(receiver).build()
                .send(OutgoingEmail.of("app@example.test", List.of("jürgen@example.test"), utf8));

        assertThat(result.isDelivered()).as(result.summary()).isTrue();
        ReceivedEmail got = receiver.mailbox().singleEmail();
        assertThat(got.rawBytes()).isEqualTo(utf8);
        assertThat(got.envelope().senderParameters()).containsKeys("BODY", "SMTPUTF8");
        assertThat(got.envelope().senderParameter("BODY")).isEqualTo("8BITMIME");
        assertThat(got.envelope().recipients()).containsExactly("jürgen@example.test");
    }

    @Test
    void sendsWithBdatWhenAskedAndOffered() {
        start(SmtpReceiver.builder());
        DeliveryResult result = SmtpSender.to(receiver).chunking(true).build().send(email("bob@example.test"));

        assertThat(result.isDelivered()).as(result.summary()).isTrue();
        assertThat(receiver.mailbox().singleEmail().rawBytes()).isEqualTo(MESSAGE);
        assertThat(result.transcript().clientLines()).contains("BDAT " + MESSAGE.length + " LAST");
        assertThat(result.transcript().commands()).doesNotContain("DATA");
    }

    @Test
    void passesDsnParameters() {
        start(SmtpReceiver.builder());
        DeliveryResult result = SmtpSender.to(receiver).build().send(email("bob@example.test")
                .withMailParameter("RET", "HDRS").withMailParameter("ENVID", "abc123")
                .withRecipientParameter("NOTIFY", "SUCCESS,FAILURE"));

        assertThat(result.isDelivered()).as(result.summary()).isTrue();
        ReceivedEmail got = receiver.mailbox().singleEmail();
        assertThat(got.envelope().senderParameter("RET")).isEqualTo("HDRS");
        assertThat(got.envelope().senderParameter("ENVID")).isEqualTo("abc123");
        assertThat(got.envelope().recipientParameters().get(0)).containsEntry("NOTIFY", "SUCCESS,FAILURE");
    }

    @Test
    void deliversSeveralMessagesOverOneConnection() {
        start(SmtpReceiver.builder());
        List<DeliveryResult> results = SmtpSender.to(receiver).build()
                .sendAll(List.of(email("bob@example.test"), email("carol@example.test")));

        assertThat(results).allSatisfy(r -> assertThat(r.isDelivered()).as(r.summary()).isTrue());
        assertThat(receiver.mailbox().emails()).hasSize(2);
        assertThat(receiver.mailbox().emails()).extracting(e -> e.envelope().sessionId()).containsOnly(
                receiver.mailbox().emails().get(0).envelope().sessionId());
    }

    @Test
    void sendsAJakartaMailMessageToEveryRecipientWithoutItsBccHeader() throws Exception {
        start(SmtpReceiver.builder());
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("app@example.test"));
        message.setRecipients(MimeMessage.RecipientType.TO, "bob@example.test");
        message.setRecipients(MimeMessage.RecipientType.BCC, "hidden@example.test");
        message.setSubject("Hello");
        message.setText("Body");
        DeliveryResult result = SmtpSender.to(receiver).build().send(message);

        assertThat(result.isDelivered()).as(result.summary()).isTrue();
        ReceivedEmail got = receiver.mailbox().singleEmail();
        assertThat(got.envelope().recipients()).containsExactly("bob@example.test", "hidden@example.test");
        assertThat(got.header("Bcc")).isEmpty();
        assertThat(got.subject()).isEqualTo("Hello");
    }

    @Test
    void failsToConnectToAClosedPortWithAResult() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DeliveryResult result = SmtpSender.to("127.0.0.1", port).build().send(email("bob@example.test"));

        assertThat(result.failure().orElseThrow().kind()).isEqualTo(Kind.CONNECT_FAILED);
        assertThat(result.failure().orElseThrow().stage()).isEqualTo(Stage.CONNECT);
        assertThat(result.failure().orElseThrow().message()).startsWith("Cannot connect to 127.0.0.1:" + port + ": ");
        assertThat(result.recipients()).extracting(DeliveryResult.RecipientResult::status)
                .containsExactly(RecipientStatus.NOT_SENT);
    }
}
