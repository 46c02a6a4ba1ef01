package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtptestkit.testing.SmtpClient;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The delivery handler takes each accepted email before it is recorded and before the client
 * hears 250; when it cannot store the email the client hears 452 4.3.1 and nothing is recorded.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeliveryHandlerTest {

    private static final String MESSAGE = "From: a@x.test\r\nTo: b@x.test\r\nSubject: handed over\r\n\r\nhello\r\n";

    @Test
    void handlerGetsTheEmailBeforeItIsRecordedAndAccepted() {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger recordedWhenHanded = new AtomicInteger(-1);
        SmtpReceiver[] holder = new SmtpReceiver[1];
        DeliveryHandler handler = email -> {
            recordedWhenHanded.set(holder[0].mailbox().emails().size());
            seen.add(email.id() + " " + email.subject() + " " + email.envelope().recipients());
        };
        try (SmtpReceiver receiver = SmtpReceiver.builder().deliveryHandler(handler).build()) {
            holder[0] = receiver;
            receiver.start();
            try (SmtpClient client = SmtpClient.connect(receiver.port())) {
                client.command("EHLO client.test");
                String reply = client.sendMessage("a@x.test", List.of("b@x.test"), MESSAGE);

                assertThat(reply).startsWith("250 2.0.0 OK: message accepted as s1.1");
            }
            assertThat(seen).containsExactly("s1.1 handed over [b@x.test]");
            assertThat(recordedWhenHanded).hasValue(0);
            assertThat(receiver.mailbox().singleEmail().subject()).isEqualTo("handed over");
        }
    }

    @Test
    void anIOExceptionRefusesTheEmailWith452AndRecordsNothing() {
        AtomicInteger calls = new AtomicInteger();
        DeliveryHandler diskFullOnce = email -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("No space left on device");
            }
        };
        try (SmtpReceiver receiver = SmtpReceiver.builder().deliveryHandler(diskFullOnce).start();
             SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO client.test");

            String refused = client.sendMessage("a@x.test", List.of("b@x.test"), MESSAGE);

            // RFC 3463 3.4: X.3.1 mail system full; 452 is transient (RFC 5321 4.2.3), so the client retries
            assertThat(refused).isEqualTo("452 4.3.1 Insufficient system storage: the message was not stored");
            assertThat(receiver.mailbox().emails()).isEmpty();
            assertThat(receiver.mailbox().events()).noneMatch(e -> e instanceof SmtpEvent.EmailReceived);

            // the transaction is over and the session goes on: the retry is accepted
            assertThat(client.sendMessage("a@x.test", List.of("b@x.test"), MESSAGE))
                    .startsWith("250 2.0.0 OK: message accepted as s1.2");
            assertThat(client.command("QUIT")).startsWith("221 ");
            assertThat(receiver.mailbox().singleEmail().id()).isEqualTo("s1.2");
        }
    }

    @Test
    void withoutEhloThe452CarriesNoEnhancedCode() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().deliveryHandler(email -> {
            throw new IOException("Read-only file system");
        }).start(); SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("HELO client.test");

            // RFC 2034 3: enhanced codes only after EHLO
            assertThat(client.sendMessage("a@x.test", List.of("b@x.test"), MESSAGE))
                    .isEqualTo("452 Insufficient system storage: the message was not stored");
        }
    }

    @Test
    void aBdatMessageGoesThroughTheHandlerToo() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().deliveryHandler(email -> {
            throw new IOException("No space left on device");
        }).start(); SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO client.test");
            client.command("MAIL FROM:<a@x.test>");
            client.command("RCPT TO:<b@x.test>");

            client.send("BDAT " + MESSAGE.length() + " LAST\r\n" + MESSAGE);

            assertThat(client.readReply()).isEqualTo("452 4.3.1 Insufficient system storage: the message was not stored");
            assertThat(receiver.mailbox().emails()).isEmpty();
        }
    }

    @Test
    void aFailingHandlerRefusesTheEmailWith451AndTheReceiverGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        try (SmtpReceiver receiver = SmtpReceiver.builder().deliveryHandler(email -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("bug in the handler");
            }
        }).start(); SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO client.test");

            assertThat(client.sendMessage("a@x.test", List.of("b@x.test"), MESSAGE))
                    .isEqualTo("451 4.3.0 Requested action aborted: local error in processing");
            assertThat(receiver.mailbox().emails()).isEmpty();
            assertThat(client.sendMessage("a@x.test", List.of("b@x.test"), MESSAGE)).startsWith("250 ");
        }
    }

    @Test
    void rejectsANullHandler() {
        assertThatThrownBy(() -> SmtpReceiver.builder().deliveryHandler(null))
                .isInstanceOf(NullPointerException.class).hasMessage("deliveryHandler");
    }
}
