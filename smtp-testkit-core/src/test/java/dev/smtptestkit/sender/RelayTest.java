package dev.smtptestkit.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.DeliveryResult;
import dev.smtptestkit.DeliveryResult.RecipientStatus;
import dev.smtptestkit.DeliveryResult.Status;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.SmtpSender;
import dev.smtptestkit.TlsMode;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client (Angus Mail) → receiver A → relay → receiver B, byte for byte; the allow-list; release on demand. */
@Timeout(60)
class RelayTest {

    private SmtpReceiver a;
    private SmtpReceiver b;

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static void sendWithAngus(SmtpReceiver receiver, String... to) throws Exception {
        Session session = Session.getInstance(receiver.javaMailProperties());
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("app@example.test"));
        for (String r : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(r));
        }
        message.setSubject("Relayed");
        message.setText("Line one\n.a line with a leading dot\nGr\u00fc\u00dfe\n", "UTF-8");
        Transport.send(message);
    }

    @Test
    void relaysEachAcceptedEmailByteForByteOverStartTlsWithLogin() throws Exception {
        b = SmtpReceiver.builder().tls(TlsMode.STARTTLS).requireTls(true)
                .auth(AuthPolicy.users(Map.of("relay", "pw"))).requireAuth(true).start();
        SmtpSender toB = SmtpSender.to(b).login(AuthMechanism.LOGIN, "relay", "pw").build();
        a = SmtpReceiver.builder().relay(toB, Pattern.compile(".*@example\\.test")).start();

        sendWithAngus(a, "bob@example.test", "carol@example.test");

        ReceivedEmail atA = a.mailbox().singleEmail();
        ReceivedEmail atB = b.mailbox().singleEmail(); // relayed before A recorded it: no waiting
        assertThat(atB.rawBytes()).isEqualTo(atA.rawBytes());
        assertThat(atB.envelope().sender()).isEqualTo("app@example.test");
        assertThat(atB.envelope().recipients()).containsExactly("bob@example.test", "carol@example.test");
        assertThat(atB.envelope().auth().orElseThrow().user()).isEqualTo("relay");
        DeliveryResult relay = atA.relayResult().orElseThrow();
        assertThat(relay.status()).isEqualTo(Status.DELIVERED);
        assertThat(relay.queueId()).contains(atB.id());
        assertThat(relay.transcript().render()).doesNotContain(java.util.Base64.getEncoder()
                .encodeToString("pw".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void recipientsOutsideTheAllowListAreNotSent() throws Exception {
        b = SmtpReceiver.builder().start();
        a = SmtpReceiver.builder().relay(SmtpSender.to(b).build(), Pattern.compile(".*@example\\.test")).start();

        sendWithAngus(a, "bob@example.test", "stranger@real-company.example", "carol@example.test");

        assertThat(b.mailbox().singleEmail().envelope().recipients())
                .containsExactly("bob@example.test", "carol@example.test");
        DeliveryResult relay = a.mailbox().singleEmail().relayResult().orElseThrow();
        assertThat(relay.status()).isEqualTo(Status.PARTIALLY_DELIVERED);
        assertThat(relay.recipients()).extracting(DeliveryResult.RecipientResult::status)
                .containsExactly(RecipientStatus.ACCEPTED, RecipientStatus.NOT_SENT, RecipientStatus.ACCEPTED);
        assertThat(relay.recipients().get(1).detail())
                .isEqualTo("not sent: outside the relay allow-list .*@example\\.test");
    }

    @Test
    void noAllowedRecipientMeansNoConnection() throws Exception {
        b = SmtpReceiver.builder().start();
        a = SmtpReceiver.builder().relay(SmtpSender.to(b).build(), Pattern.compile("nobody@nowhere")).start();

        sendWithAngus(a, "bob@example.test");

        DeliveryResult relay = a.mailbox().singleEmail().relayResult().orElseThrow();
        assertThat(relay.status()).isEqualTo(Status.NOT_DELIVERED);
        assertThat(relay.transcript().lines()).isEmpty();
        assertThat(b.mailbox().transcripts()).isEmpty();
    }

    @Test
    void refusesARelayOffThisMachineWithoutAnAllowList() {
        Throwable thrown = catchThrowable(() -> SmtpReceiver.builder()
                .relay(SmtpSender.to("192.0.2.1", 25).build()));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessage("Cannot relay to 192.0.2.1:25 "
                + "without a recipient allow-list: the target is not a loopback address, so mail could reach real "
                + "people. Use relay(sender, Pattern.compile(\".*@example\\\\.test\")) to name the recipients that "
                + "may get it");
    }

    @Test
    void aFailedRelayIsRecordedAndTheClientStillGets250() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        a = SmtpReceiver.builder().relay(SmtpSender.to("127.0.0.1", closedPort).build()).start();

        sendWithAngus(a, "bob@example.test"); // Transport.send throws on anything but 250

        DeliveryResult relay = a.mailbox().singleEmail().relayResult().orElseThrow();
        assertThat(relay.failure().orElseThrow().kind()).isEqualTo(DeliveryResult.Kind.CONNECT_FAILED);
    }

    // Reproducer: a relay target that never answers the end of data held the session thread for
    // the sender's reply timeout (30 s), so the receiver's close() gave up after its 2 s grace and
    // threw "could not stop these threads". Now close() stops the relay first.
    @Test
    void closeStopsARelayWhoseTargetStalls() throws Exception {
        b = SmtpReceiver.builder().build();
        b.script().onEndOfData().stall();
        b.start();
        a = SmtpReceiver.builder().relay(SmtpSender.to(b).build()).start();
        CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
            try {
                sendWithAngus(a, "bob@example.test");
            } catch (Exception e) {
                // the receiver closes under it: whatever the client was told, it is not what is tested
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> b.mailbox().transcripts().stream()
                .anyMatch(t -> t.render().contains("stalled, no reply")));

        Throwable closing = catchThrowable(a::close);

        assertThat(closing).isNull();
        client.get(20, TimeUnit.SECONDS);
        DeliveryResult relay = a.mailbox().singleEmail().relayResult().orElseThrow();
        assertThat(relay.failure().orElseThrow().kind()).isEqualTo(DeliveryResult.Kind.DROPPED);
        assertThat(relay.failure().orElseThrow().message()).isEqualTo("The delivery to 127.0.0.1:" + b.port()
                + " was stopped while waiting for the reply to the end of data: the receiver relaying it was closed");
    }

    @Test
    void releasesARecordedEmailToOtherRecipientsOnDemand() throws Exception {
        a = SmtpReceiver.builder().start();
        b = SmtpReceiver.builder().start();
        sendWithAngus(a, "bob@example.test");
        ReceivedEmail held = a.mailbox().singleEmail();
        assertThat(held.relayResult()).isEmpty();

        DeliveryResult released = SmtpSender.to(b).build().release(held, List.of("reviewer@example.test"));

        assertThat(released.isDelivered()).as(released.summary()).isTrue();
        ReceivedEmail atB = b.mailbox().singleEmail();
        assertThat(atB.rawBytes()).isEqualTo(held.rawBytes());
        assertThat(atB.envelope().recipients()).containsExactly("reviewer@example.test");
        assertThat(atB.envelope().sender()).isEqualTo("app@example.test");
    }
}
