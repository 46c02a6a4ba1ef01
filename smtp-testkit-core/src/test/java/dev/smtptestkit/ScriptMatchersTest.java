package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.testing.SmtpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The matchers and behaviours the other script tests leave out: a sender, a command line by
 * predicate, a recipient by predicate, a rate limit across the receiver, a throttle on writes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScriptMatchersTest {

    private static final String MESSAGE = "Date: Tue, 1 Dec 2026 10:00:00 +0000\r\nFrom: a@example.com\r\n"
            + "Subject: hi\r\n\r\nHello\r\n";

    private final SmtpReceiver receiver = SmtpReceiver.builder().start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void matchesASenderIgnoringCaseAndTheNullSender() {
        receiver.script().onMail("spammer@example.com").reply(550, "5.7.1", "Sender refused")
                .onMail("").reply(550, "5.7.1", "No bounces here");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            assertThat(client.command("MAIL FROM:<Spammer@Example.COM>")).isEqualTo("550 5.7.1 Sender refused");
            assertThat(client.command("MAIL FROM:<>")).isEqualTo("550 5.7.1 No bounces here");
            assertThat(client.command("MAIL FROM:<friend@example.com>")).startsWith("250 ");
            // only the accepted MAIL opened a transaction
            assertThat(client.command("RCPT TO:<b@example.com>")).startsWith("250 ");
        }
        assertThat(receiver.mailbox().violations()).isEmpty();
    }

    @Test
    void matchesACommandLineByPredicate() {
        receiver.script().onCommand("mail", line -> line.contains("SIZE=")).reply(552, "5.3.4", "Too big for us");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            assertThat(client.command("MAIL FROM:<a@example.com> SIZE=5000")).isEqualTo("552 5.3.4 Too big for us");
            assertThat(client.command("MAIL FROM:<a@example.com>")).startsWith("250 ");
        }
        assertThat(receiver.script().rules()).containsExactly(
                "onCommand(\"MAIL\", <predicate>).reply(552, \"5.3.4\", \"Too big for us\")");
    }

    @Test
    void matchesARecipientByPredicate() {
        receiver.script().onRcpt(address -> address.startsWith("noreply@")).reply(550, "5.1.1", "Nobody reads this");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.command("MAIL FROM:<a@example.com>");
            assertThat(client.command("RCPT TO:<noreply@example.com>")).isEqualTo("550 5.1.1 Nobody reads this");
            assertThat(client.command("RCPT TO:<reply@example.com>")).startsWith("250 ");
        }
    }

    @Test
    void aRateLimitPerReceiverCountsAcrossSessions() {
        receiver.script().rateLimitPerReceiver(2);
        for (int session = 0; session < 2; session++) {
            try (SmtpClient client = SmtpClient.connect(receiver.port())) {
                client.command("EHLO me");
                assertThat(client.sendMessage("a@example.com", List.of("b@example.com"), MESSAGE)).startsWith("250 ");
            }
        }
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            assertThat(client.command("MAIL FROM:<a@example.com>"))
                    .isEqualTo("421 4.7.0 Rate limit of 2 messages per receiver reached, try again later");
            assertThat(client.readUntilClosed()).isEmpty();
        }
        assertThat(receiver.mailbox().emails()).hasSize(2);
        assertThat(receiver.mailbox().violations()).isEmpty();
    }

    @Test
    void aThrottleSlowsTheReceiversWritesToo() {
        receiver.script().onCommand("NOOP").throttle(50);
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            long start = System.nanoTime();
            String ehlo = client.command("EHLO me");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            client.command("NOOP"); // from here on: 50 octets a second
            start = System.nanoTime();
            assertThat(client.command("EHLO me")).isEqualTo(ehlo);
            // the client sent 9 octets (0.18 s at the rate), the receiver wrote over 120 (2.4 s): the
            // wait is mostly the write
            assertThat(ehlo.length()).isGreaterThan(120);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(2000));
        }
    }
}
