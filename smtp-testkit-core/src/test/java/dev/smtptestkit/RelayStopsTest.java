package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.internal.client.Stops;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The receiver's close() stops its relays through {@link Stops}; a relay that starts after that
 * (a session racing the close) is stopped as it starts, before it connects. The stalled-target case
 * over real sockets is {@code RelayTest.closeStopsARelayWhoseTargetStalls}.
 */
@Timeout(30)
class RelayStopsTest {

    private static final OutgoingEmail EMAIL = OutgoingEmail.of("app@example.test", List.of("bob@example.test"),
            "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));

    @Test
    void aDeliveryStartedAfterStopAllIsStoppedBeforeItConnects() {
        try (SmtpReceiver target = SmtpReceiver.builder().start()) {
            Stops stops = new Stops();
            stops.stopAll();

            DeliveryResult result = SmtpSender.to(target).build().send(EMAIL, stops);

            DeliveryResult.Failure failure = result.failure().orElseThrow();
            assertThat(failure.stage()).isEqualTo(DeliveryResult.Stage.CONNECT);
            assertThat(failure.kind()).isEqualTo(DeliveryResult.Kind.DROPPED);
            assertThat(failure.message()).isEqualTo("The delivery to 127.0.0.1:" + target.port()
                    + " was stopped while connecting: the receiver relaying it was closed");
            assertThat(target.mailbox().transcripts()).isEmpty();
        }
    }

    @Test
    void withoutAStopTheSameDeliveryArrives() {
        try (SmtpReceiver target = SmtpReceiver.builder().start()) {
            DeliveryResult result = SmtpSender.to(target).build().send(EMAIL, new Stops());

            assertThat(result.isDelivered()).as(result.summary()).isTrue();
            assertThat(target.mailbox().singleEmail().envelope().recipients()).containsExactly("bob@example.test");
        }
    }
}
