package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clients that half-close early or never read their replies. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StubbornClientTest {

    @Test
    void halfClosedClientStillGetsEveryReply() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            TestMessage message = TestMessage.generate(5, 1, 2);
            try (RawClient smtp = RawClient.connect(receiver.port())) {
                // Everything at once, then FIN: the receiver must still answer each command in order.
                StringBuilder all = new StringBuilder("EHLO half.test\r\n" + message.mailCommand() + "\r\n");
                message.recipients().forEach(r -> all.append("RCPT TO:<").append(r).append(">\r\n"));
                all.append("DATA\r\n");
                smtp.send(all.toString());
                smtp.send(message.stuffed());
                smtp.send("QUIT\r\n");
                smtp.shutdownOutput();
                assertThat(smtp.reply().code()).isEqualTo(220);
                assertThat(smtp.reply().code()).isEqualTo(250);
                assertThat(smtp.reply().code()).isEqualTo(250);
                message.recipients().forEach(r -> assertThat(smtp.reply().code()).isEqualTo(250));
                assertThat(smtp.reply().code()).isEqualTo(354);
                assertThat(smtp.reply().status()).isEqualTo("250 2.0.0");
                assertThat(smtp.reply().status()).isEqualTo("221 2.0.0");
                assertThat(smtp.closedByPeer()).isTrue();
            }
            assertThat(receiver.mailbox().singleEmail().rawBytes()).isEqualTo(message.content());
            SmtpEvent.ClientDisconnected end = Sessions.awaitEnd(receiver.mailbox(), "s1");
            assertThat(end.reason()).isEqualTo(DisconnectReason.QUIT);
        }
    }

    /**
     * A client that pipelines HELPs (a two-line reply each, so the buffers fill fast) and never
     * reads: the receiver's replies fill both socket buffers and its write blocks. The write
     * watchdog closes the connection once it has been blocked longer than the idle timeout; the
     * receiver goes on serving others and closes promptly.
     */
    @Test
    void clientThatNeverReadsIsCutAfterTheIdleTimeout() throws Exception {
        SmtpReceiver receiver = SmtpReceiver.builder().idleTimeout(Duration.ofSeconds(1)).maxCommandsWithoutTransaction(Integer.MAX_VALUE).start();
        Mailbox mailbox = receiver.mailbox();
        long[] written = new long[1];
        try (RawClient flood = RawClient.connect(receiver.port())) {
            String session = Sessions.idOf(mailbox, flood.socket().getLocalPort());
            CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
                byte[] block = "HELP\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
                try {
                    OutputStream out = flood.socket().getOutputStream();
                    // bounded: 1 GiB of HELPs is far more than any socket buffer holds
                    while (written[0] < (1L << 30)) {
                        out.write(block);
                        written[0] += block.length;
                    }
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            // Other sessions are served while the flood's thread is stuck.
            try (RawClient other = RawClient.ready(receiver.port())) {
                LoadRun.sendData(other, TestMessage.generate(6, 1, 3), false);
                other.send("QUIT\r\n");
                other.expect(221);
            }
            SmtpEvent.ClientDisconnected end = Sessions.awaitEnd(mailbox, session);
            assertThat(end.reason()).as("%s", end).isEqualTo(DisconnectReason.IDLE_TIMEOUT);
            assertThat(end.detail()).contains("read no reply");
            assertThat(writer.get(15, TimeUnit.SECONDS)).as("the flood's write fails once the receiver closes")
                    .isInstanceOf(IOException.class);
            assertThat(written[0]).isLessThan(1L << 30);
            assertThat(mailbox.emails()).hasSize(1);
            System.out.printf("never-reading client: cut after %d commands answered into full buffers%n",
                    mailbox.events(SmtpEvent.CommandReceived.class).stream().filter(c -> c.sessionId().equals(session))
                            .count());
        } finally {
            long start = System.nanoTime();
            receiver.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("close() time in ms")
                    .isLessThan(2_000);
        }
        List<SmtpEvent.ClientDisconnected> ends = mailbox.events(SmtpEvent.ClientDisconnected.class);
        assertThat(ends).extracting(SmtpEvent.ClientDisconnected::reason)
                .containsExactlyInAnyOrder(DisconnectReason.QUIT, DisconnectReason.IDLE_TIMEOUT);
    }
}
