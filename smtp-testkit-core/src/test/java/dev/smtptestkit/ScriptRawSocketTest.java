package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.smtptestkit.testing.Recorded;
import dev.smtptestkit.testing.SmtpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scripted replies and faults over raw sockets, for the cases a mail client cannot produce or show. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScriptRawSocketTest {

    private static final String MESSAGE = "Date: Tue, 1 Dec 2026 10:00:00 +0000\r\nFrom: a@example.com\r\n"
            + "Subject: hi\r\n\r\nHello\r\n";

    private SmtpReceiver receiver = SmtpReceiver.builder().start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private SmtpEvent.ClientDisconnected disconnect() {
        return Recorded.disconnect(receiver);
    }

    private String transcript() {
        return Recorded.transcript(receiver);
    }

    @Test
    void aScriptedRcptRefusalAddsNoRecipientAndIsNoViolation() {
        receiver.script().onRcpt("bob@example.com").reply(550, "5.1.1", "No such user");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            assertThat(client.command("MAIL FROM:<a@example.com>")).startsWith("250 ");
            assertThat(client.command("RCPT TO:<alice@example.com>")).startsWith("250 ");
            assertThat(client.command("RCPT TO:<Bob@Example.com>")).isEqualTo("550 5.1.1 No such user");
            assertThat(client.command("DATA")).startsWith("354 ");
            client.send(MESSAGE + ".\r\n");
            assertThat(client.readReply()).startsWith("250 ");
        }
        assertThat(receiver.mailbox().singleEmail().envelope().recipients()).containsExactly("alice@example.com");
        assertThat(transcript()).contains("C: RCPT TO:<Bob@Example.com>\nS: 550 5.1.1 No such user  [scripted]");
        assertThat(receiver.mailbox().violations()).isEmpty();
    }

    @Test
    void aScriptedRefusalAtTheEndOfDataRecordsNothing() {
        receiver.script().onEndOfData(m -> m.subject().equals("hi")).reply(554, "5.7.1", "Rejected by policy");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            assertThat(client.sendMessage("a@example.com", List.of("b@example.com"), MESSAGE))
                    .isEqualTo("554 5.7.1 Rejected by policy");
            assertThat(client.sendMessage("a@example.com", List.of("b@example.com"), "Subject: other\r\n\r\nx\r\n"))
                    .startsWith("250 ");
        }
        assertThat(receiver.mailbox().singleEmail().subject()).isEqualTo("other");
    }

    @Test
    void aScriptedRefusalOfDataOrBdatKeepsTheDialogueInStep() {
        receiver.script().onCommand("DATA").times(1).reply(554, "5.7.1", "No data today")
                .onCommand("BDAT").times(1).reply(552, "5.3.4", "Chunk refused");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.command("MAIL FROM:<a@example.com>");
            client.command("RCPT TO:<b@example.com>");
            assertThat(client.command("DATA")).isEqualTo("554 5.7.1 No data today");
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
            client.send("BDAT " + MESSAGE.length() + " LAST\r\n" + MESSAGE);
            assertThat(client.readReply()).isEqualTo("552 5.3.4 Chunk refused");
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
            client.command("MAIL FROM:<a@example.com>");
            client.command("RCPT TO:<b@example.com>");
            client.send("BDAT " + MESSAGE.length() + " LAST\r\n" + MESSAGE);
            assertThat(client.readReply()).startsWith("250 ");
        }
        assertThat(receiver.mailbox().singleEmail().rawBytes()).asString().isEqualTo(MESSAGE);
        assertThat(receiver.mailbox().violations()).isEmpty();
        assertThat(receiver.script().unusedRules()).isEmpty();
    }

    @Test
    void aMultiLineReplyAndA421ThatCloses() {
        receiver.script().onCommand("HELO").reply(250, "", "first", "second")
                .onCommand("NOOP").reply(421, "4.3.2", "Going away");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            assertThat(client.command("HELO me")).isEqualTo("250-first\n250 second");
            assertThat(client.command("NOOP")).isEqualTo("421 Going away"); // no enhanced codes after HELO
            assertThat(client.readUntilClosed()).isEmpty();
        }
        assertThat(disconnect().reason()).isEqualTo(DisconnectReason.SCRIPTED);
    }

    @Test
    void countsTheFirstNTimesTheNthTimeAndPerSession() {
        receiver.script().onCommand("NOOP").nth(2).reply(250, "2.0.0", "second")
                .onCommand("RSET").times(1).perSession().reply(250, "2.0.0", "first in session");
        for (int session = 0; session < 2; session++) {
            try (SmtpClient client = SmtpClient.connect(receiver.port())) {
                client.command("EHLO me");
                assertThat(client.command("RSET")).isEqualTo("250 2.0.0 first in session");
                assertThat(client.command("RSET")).isEqualTo("250 2.0.0 OK");
                assertThat(client.command("NOOP")).isEqualTo(session == 0 ? "250 2.0.0 OK" : "250 2.0.0 second");
            }
        }
    }

    @Test
    void countsAcrossConcurrentSessionsExactly() throws Exception {
        receiver.script().onCommand("NOOP").times(5).reply(451, "4.3.0", "Busy");
        int sessions = 20;
        CyclicBarrier start = new CyclicBarrier(sessions);
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                replies.add(pool.submit(() -> {
                    try (SmtpClient client = SmtpClient.connect(receiver.port())) {
                        client.command("EHLO me");
                        start.await();
                        return client.command("NOOP");
                    }
                }));
            }
            List<String> got = new ArrayList<>();
            for (Future<String> reply : replies) {
                got.add(reply.get(20, TimeUnit.SECONDS));
            }
            assertThat(got).filteredOn(r -> r.equals("451 4.3.0 Busy")).hasSize(5);
            assertThat(got).filteredOn(r -> r.equals("250 2.0.0 OK")).hasSize(sessions - 5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChangeAppliesToTheNextCommandOfAnOpenSession() {
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
            receiver.script().onCommand("noop").reply(451, "4.3.0", "Now failing");
            assertThat(client.command("NOOP")).isEqualTo("451 4.3.0 Now failing");
            receiver.script().clear();
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
        }
    }

    @Test
    void dropsBeforeTheGreeting() {
        receiver.script().onGreeting().drop();
        try (SmtpClient client = SmtpClient.connectSilently(receiver.port())) {
            assertThat(client.readUntilClosed()).isEmpty();
        }
        SmtpEvent.ClientDisconnected end = disconnect();
        assertThat(end.reason()).isEqualTo(DisconnectReason.SCRIPTED);
        assertThat(end.detail()).isEqualTo("connection closed before the greeting");
        assertThat(transcript()).isEqualTo("-- connection closed before the greeting [scripted]");
    }

    @Test
    void resetsInsteadOfTheReply() throws IOException {
        receiver.script().onRcpt(Pattern.compile(".*@reset\\.example")).reset();
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.command("MAIL FROM:<a@example.com>");
            client.send("RCPT TO:<x@reset.example>\r\n");
            InputStream in = client.socket().getInputStream();
            assertThatThrownBy(() -> {
                while (in.read() >= 0) {
                    // read until the reset
                }
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
        assertThat(disconnect().detail()).isEqualTo("connection reset instead of the reply to RCPT");
    }

    @Test
    void resetsAfterNOctetsOfData() {
        receiver.script().onCommand("DATA").resetAfterOctets(512);
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.command("MAIL FROM:<a@example.com>");
            client.command("RCPT TO:<b@example.com>");
            assertThat(client.command("DATA")).startsWith("354 ");
            client.send("Subject: big\r\n\r\n" + "x".repeat(2000) + "\r\n.\r\n");
            assertThatThrownBy(client::readReply).isInstanceOf(UncheckedIOException.class);
        }
        SmtpEvent.ClientDisconnected end = disconnect();
        assertThat(end.reason()).isEqualTo(DisconnectReason.SCRIPTED);
        assertThat(end.detail()).isEqualTo("connection reset after 512 octets of DATA");
        assertThat(transcript()).endsWith("S: 354 Start mail input; end with <CRLF>.<CRLF>  [scripted]"
                + "\n-- connection reset after 512 octets of DATA [scripted]");
        assertThat(receiver.mailbox().isEmpty()).isTrue();
    }

    @Test
    void aMessageShorterThanTheCutIsAccepted() {
        receiver.script().onCommand("DATA").dropAfterOctets(10_000);
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            assertThat(client.sendMessage("a@example.com", List.of("b@example.com"), MESSAGE)).startsWith("250 ");
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
        }
        assertThat(receiver.mailbox().singleEmail().replySent()).isTrue();
    }

    @Test
    void delaysTheGreeting() {
        receiver.script().onGreeting().delay(Duration.ofMillis(300));
        long start = System.nanoTime();
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            assertThat(client.greeting()).isEqualTo("220 localhost ESMTP smtp-testkit ready");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(transcript()).startsWith("S: 220 localhost ESMTP smtp-testkit ready  [scripted]");
    }

    @Test
    void aDelayedFinalReplyComesAfterTheEmailIsRecorded() throws IOException {
        receiver.script().onEndOfData().delay(Duration.ofSeconds(2));
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.command("MAIL FROM:<a@example.com>");
            client.command("RCPT TO:<b@example.com>");
            client.command("DATA");
            client.send(MESSAGE + ".\r\n");

            assertThat(receiver.mailbox().awaitEmails(1, Duration.ofSeconds(1))).hasSize(1);
            assertThat(client.socket().getInputStream().available()).isZero(); // the 250 is still held back
            assertThat(client.readReply()).isEqualTo("250 2.0.0 OK: message accepted as s1.1");
        }
    }

    @Test
    void aCommandWhoseReplyIsDelayedShowsInTheTranscriptAtOnce() {
        // A command's line is recorded with its reply's in one step, except when the reply waits.
        receiver.script().onCommand("NOOP").delay(Duration.ofSeconds(2));
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.send("NOOP\r\n");

            await().atMost(Duration.ofSeconds(1)).until(() -> transcript().contains("C: NOOP"));
            assertThat(transcript()).doesNotContain("S: 250 2.0.0 OK  [scripted]");
            assertThat(client.readReply()).isEqualTo("250 2.0.0 OK");
        }
        assertThat(transcript()).contains("C: NOOP\nS: 250 2.0.0 OK  [scripted]");
    }

    @Test
    void throttlesReadsAndWrites() {
        receiver.script().onGreeting().throttle(2000);
        long start = System.nanoTime();
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            // about 3000 octets at 2000 a second: not before 1.5 s
            assertThat(client.sendMessage("a@example.com", List.of("b@example.com"),
                    "Subject: slow\r\n\r\n" + "y".repeat(3000) + "\r\n")).startsWith("250 ");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(receiver.mailbox().singleEmail().subject()).isEqualTo("slow");
    }

    @Test
    void aStallEndsWhenTheReceiverCloses() {
        receiver.script().onCommand("EHLO").stall();
        SmtpClient client = SmtpClient.connect(receiver.port());
        client.send("EHLO me\r\n");
        // the stall has begun once it is in the transcript (ClientConnected comes before EHLO is read)
        await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.mailbox().transcripts().isEmpty()
                && receiver.mailbox().transcripts().get(0).render().endsWith("-- stalled, no reply [scripted]"));
        long start = System.nanoTime();
        receiver.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(client.readUntilClosed()).isEmpty();
        client.close();
        SmtpEvent.ClientDisconnected end = disconnect();
        assertThat(end.reason()).isEqualTo(DisconnectReason.SERVER_STOPPED);
        assertThat(end.detail()).isEqualTo("the receiver stopped during a scripted stall");
    }

    @Test
    void hidesExtensionsFromTheSessionsThatStartAfterwards() {
        receiver.script().hideExtensions("PIPELINING", "chunking");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            String ehlo = client.command("EHLO me");
            assertThat(ehlo).doesNotContain("PIPELINING").doesNotContain("CHUNKING").contains("250 DSN");
            client.command("MAIL FROM:<a@example.com>");
            client.command("RCPT TO:<b@example.com>");
            client.send("BDAT 3 LAST\r\nabc");
            assertThat(SmtpClient.code(client.readReply())).isEqualTo(503);
        }
        receiver.script().clear();
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            assertThat(client.command("EHLO me")).contains("PIPELINING", "CHUNKING");
        }
    }

    @Test
    void rateLimitsMessagesPerSession() {
        receiver.script().rateLimit(1);
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            assertThat(client.sendMessage("a@example.com", List.of("b@example.com"), MESSAGE)).startsWith("250 ");
            assertThat(client.command("MAIL FROM:<a@example.com>"))
                    .isEqualTo("421 4.7.0 Rate limit of 1 message per session reached, try again later");
            assertThat(client.readUntilClosed()).isEmpty();
        }
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            assertThat(client.sendMessage("a@example.com", List.of("b@example.com"), MESSAGE)).startsWith("250 ");
        }
        assertThat(receiver.mailbox().emails()).hasSize(2);
    }

    @Test
    void theSeededRandomModeReplaysTheSameFaults() {
        List<String> first = randomRun(42);
        assertThat(randomRun(42)).isEqualTo(first);
        assertThat(first).anyMatch(r -> r.startsWith("421 Random fault (seed 42, step "));
        assertThat(first).anyMatch(r -> r.startsWith("250 "));
    }

    private List<String> randomRun(long seed) {
        receiver.close();
        receiver = SmtpReceiver.builder().script(s -> s.random(seed, 0.5)).start();
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            try (SmtpClient client = SmtpClient.connect(receiver.port())) {
                String reply = client.command("NOOP");
                replies.add(reply);
            }
        }
        return replies;
    }

    @Test
    void aPredicateThatThrowsEndsTheSessionNamingTheRule() {
        receiver.script().onRcpt((String address) -> {
            throw new IllegalStateException("broken test predicate");
        }).reply(550, "5.1.1", "No");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.command("MAIL FROM:<a@example.com>");
            client.send("RCPT TO:<b@example.com>\r\n");
            assertThat(client.readUntilClosed()).isEmpty();
        }
        SmtpEvent.ClientDisconnected end = disconnect();
        assertThat(end.reason()).isEqualTo(DisconnectReason.SCRIPTED);
        assertThat(end.detail()).isEqualTo("connection closed: script rule onRcpt(<predicate>).reply(550, \"5.1.1\", "
                + "\"No\") threw java.lang.IllegalStateException: broken test predicate");
    }

    @Test
    void reportsRulesThatNeverFired() {
        receiver.script().onRcpt("bob@example.com").reply(550, "5.1.1", "No such user")
                .onCommand("MAIL").times(2).reply(421, "4.3.2", "Try later");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.command("MAIL FROM:<a@example.com>");
        }
        assertThat(receiver.script().unusedRules())
                .containsExactly("onRcpt(\"bob@example.com\").reply(550, \"5.1.1\", \"No such user\")");
        assertThatThrownBy(receiver.script()::assertAllRulesUsed).isInstanceOf(AssertionError.class)
                .hasMessage("1 script rule was never used: onRcpt(\"bob@example.com\").reply(550, \"5.1.1\", "
                        + "\"No such user\"). Remove the rule, or check that the client reached the step it is for.");
    }

    @Test
    void misuseSaysWhatWasWrong() {
        SmtpScript script = receiver.script();
        assertThatThrownBy(() -> script.onRcpt("x@y").reply(600, "", "x"))
                .hasMessage("A reply code must be between 200 and 599 (RFC 5321 4.2), got 600");
        assertThatThrownBy(() -> script.onRcpt("x@y").reply(450, "5.1.1", "x"))
                .hasMessage("Enhanced status code \"5.1.1\" does not match reply code 450: its class must be 4 "
                        + "(RFC 3463 2)");
        assertThatThrownBy(() -> script.onRcpt("x@y").reply(550, "5.1", "x"))
                .hasMessage("Enhanced status code \"5.1\" is not class.subject.detail such as \"5.1.1\" (RFC 3463 2); "
                        + "use \"\" for none");
        assertThatThrownBy(() -> script.onRcpt("x@y").reply(550, "", "a\r\nb"))
                .hasMessage("A reply line must not contain CR or LF; pass each line as its own argument: a\\r\\nb");
        assertThatThrownBy(() -> script.onRcpt("x@y").reply(550, ""))
                .hasMessage("A reply needs at least one line of text");
        assertThatThrownBy(() -> script.onCommand("MAIL FROM")).hasMessage(
                "onCommand needs a verb such as \"MAIL\", got \"MAIL FROM\"");
        assertThatThrownBy(() -> script.onCommand("RCPT").times(0)).hasMessage("times must be at least 1, got 0");
        assertThatThrownBy(() -> script.onRcpt("x@y").dropAfterOctets(5)).hasMessage(
                "dropAfterOctets(...) applies to onCommand(\"DATA\") and onCommand(\"BDAT\") only, "
                        + "not to onRcpt(\"x@y\")");
        assertThatThrownBy(() -> script.hideExtensions("TURN")).hasMessage("Cannot hide extension \"TURN\": "
                + "this receiver offers only SIZE, 8BITMIME, PIPELINING, SMTPUTF8, ENHANCEDSTATUSCODES, CHUNKING, DSN, "
                + "STARTTLS, AUTH");
        assertThatThrownBy(() -> script.random(1, 1.5)).hasMessage("probability must be between 0 and 1, got 1.5");
        assertThat(script.unusedRules()).isEmpty();
    }
}
