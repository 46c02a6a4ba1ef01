package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A session thread that is reused (Java 17-20) lends its input, reply and first message blocks to
 * one session after another: each message recorded is exactly what its client sent, whatever the
 * sessions before it on that thread left in those blocks, including ones that ended abruptly in
 * the middle of a command line or of message data.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReusedBuffersTest {

    // Around the 4 KiB of a lent block, and the 64 KiB a grown input buffer takes.
    private static final int[] LENGTHS = {20, 1_000, 4_000, 4_093, 4_096, 4_100, 8_200, 70_000, 300};

    /** A message of {@code length} octets that no other index gives: lines of its own letter. */
    static String message(int index, int length) {
        String head = "Subject: message " + index + "\r\n\r\n";
        StringBuilder text = new StringBuilder(head);
        char letter = (char) ('a' + index % 26);
        int line = 0;
        for (int left = length - text.length(); left >= 3; left = length - text.length()) {
            int n = Math.min(left - 2, 70 + (index * 7 + line++) % 900);
            text.append(String.valueOf(letter).repeat(n)).append("\r\n");
        }
        return text.toString();
    }

    @Test
    void everyMessageIsExactlyWhatItsClientSentWhileTheThreadsBlocksPassFromSessionToSession() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().maxMessageSize(1 << 20).start()) {
            List<String> sent = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int length : LENGTHS) {
                    int index = sent.size();
                    String message = message(index, length);
                    try (RawClient smtp = RawClient.ready(receiver.port())) {
                        smtp.transactions(1, "MAIL FROM:<sender" + index + "@x.test>", message);
                        assertThat(smtp.command("QUIT").code()).isEqualTo(221);
                    }
                    sent.add(message);

                    // then a session that leaves garbage behind in every block and ends abruptly
                    RawClient abrupt = RawClient.ready(receiver.port());
                    if (index % 2 == 0) {
                        abrupt.send("MAIL FROM:<x@x.test>\r\nRCPT TO:<r@x.test>\r\nDATA\r\n");
                        abrupt.expect(250);
                        abrupt.expect(250);
                        abrupt.expect(354);
                        abrupt.send(("Subject: never ended\r\n\r\n" + "#".repeat(90) + "\r\n").repeat(60));
                    } else {
                        abrupt.send("NOOP " + "#".repeat(400)); // no CRLF
                    }
                    abrupt.reset();
                }
            }
            int expected = sent.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.mailbox().events().stream()
                    .filter(e -> e instanceof SmtpEvent.ClientDisconnected).count() == 2L * expected);

            List<ReceivedEmail> emails = receiver.mailbox().emails();
            assertThat(emails).hasSize(expected);
            for (int k = 0; k < expected; k++) {
                ReceivedEmail email = emails.get(k);
                assertThat(email.envelope().sender()).isEqualTo("sender" + k + "@x.test");
                assertThat(new String(email.rawBytes(), StandardCharsets.ISO_8859_1)).as("message %d", k)
                        .isEqualTo(sent.get(k));
            }
        }
    }
}
