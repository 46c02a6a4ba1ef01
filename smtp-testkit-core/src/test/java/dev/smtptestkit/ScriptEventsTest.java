package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.testing.Recorded;
import dev.smtptestkit.testing.SmtpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scripted replies and faults are marked in the events as in the transcript, and none is ever a
 * protocol violation of the client.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScriptEventsTest {

    private final List<SmtpEvent.CommandReceived> heard = new CopyOnWriteArrayList<>();
    private final SmtpReceiver receiver = SmtpReceiver.builder().listener(new SmtpListener() {
        @Override
        public void commandReceived(SmtpEvent.CommandReceived event) {
            heard.add(event);
        }
    }).start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aScriptedReplyIsMarkedInTheEventsAndTheListenerSeesIt() {
        receiver.script().onRcpt("bob@example.com").reply(550, "5.1.1", "No such user");
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.command("MAIL FROM:<a@example.com>");
            client.command("RCPT TO:<bob@example.com>");
            client.command("QUIT");
        }
        Recorded.disconnect(receiver);
        List<SmtpEvent.CommandReceived> events = receiver.mailbox().events(SmtpEvent.CommandReceived.class);
        assertThat(events).extracting(SmtpEvent.CommandReceived::command, SmtpEvent.CommandReceived::scripted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("EHLO me", false),
                        org.assertj.core.groups.Tuple.tuple("MAIL FROM:<a@example.com>", false),
                        org.assertj.core.groups.Tuple.tuple("RCPT TO:<bob@example.com>", true),
                        org.assertj.core.groups.Tuple.tuple("QUIT", false));
        assertThat(heard).isEqualTo(events);
        assertThat(events.get(2).reply()).isEqualTo("550 5.1.1 No such user");
        assertThat(receiver.mailbox().violations()).isEmpty();
    }

    @Test
    void theOldConstructorMakesAnEventThatIsNotScripted() {
        SmtpEvent.CommandReceived e = new SmtpEvent.CommandReceived(java.time.Instant.EPOCH, "s1", "NOOP", 250,
                "250 2.0.0 OK");
        assertThat(e.scripted()).isFalse();
        assertThat(e).isEqualTo(new SmtpEvent.CommandReceived(java.time.Instant.EPOCH, "s1", "NOOP", 250,
                "250 2.0.0 OK", false));
    }

    @Test
    void aDelayedOrThrottledReplyIsScriptedToo() {
        receiver.script().onCommand("NOOP").delay(Duration.ofMillis(10)).onCommand("RSET").dropAfterReply();
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
            assertThat(client.command("RSET")).isEqualTo("250 2.0.0 OK");
            assertThat(client.readUntilClosed()).isEmpty();
        }
        SmtpEvent.ClientDisconnected end = Recorded.disconnect(receiver);
        assertThat(receiver.mailbox().events(SmtpEvent.CommandReceived.class))
                .extracting(SmtpEvent.CommandReceived::scripted).containsExactly(false, true, true);
        assertThat(end.reason()).isEqualTo(DisconnectReason.SCRIPTED);
        assertThat(end.detail()).isEqualTo("connection closed after the reply to RSET");
        assertThat(Recorded.transcript(receiver)).endsWith("S: 250 2.0.0 OK  [scripted]\nC: RSET\n"
                + "S: 250 2.0.0 OK  [scripted]\n-- connection closed after the reply to RSET [scripted]");
    }

    /** Each fault: the script, what the raw client does, the transcript's last line and the disconnect detail. */
    static Stream<Arguments> faults() {
        Consumer<SmtpClient> toRcpt = c -> {
            c.command("EHLO me");
            c.command("MAIL FROM:<a@example.com>");
            c.send("RCPT TO:<b@example.com>\r\n");
        };
        Consumer<SmtpClient> toData = c -> {
            c.command("EHLO me");
            c.command("MAIL FROM:<a@example.com>");
            c.command("RCPT TO:<b@example.com>");
            c.command("DATA");
            c.send("Date: Tue, 1 Dec 2026 10:00:00 +0000\r\nFrom: a@example.com\r\nSubject: x\r\n\r\n"
                    + "x".repeat(100) + "\r\n.\r\n");
        };
        Consumer<SmtpClient> toBdat = c -> {
            c.command("EHLO me");
            c.command("MAIL FROM:<a@example.com>");
            c.command("RCPT TO:<b@example.com>");
            c.send("BDAT 100 LAST\r\n" + "x".repeat(100));
        };
        return Stream.of(
                Arguments.of("drop", (Consumer<SmtpScript>) s -> s.onRcpt("b@example.com").drop(), toRcpt,
                        "connection closed instead of the reply to RCPT"),
                Arguments.of("reset", (Consumer<SmtpScript>) s -> s.onRcpt("b@example.com").reset(), toRcpt,
                        "connection reset instead of the reply to RCPT"),
                Arguments.of("drop before the greeting", (Consumer<SmtpScript>) s -> s.onGreeting().drop(),
                        (Consumer<SmtpClient>) c -> { }, "connection closed before the greeting"),
                Arguments.of("drop after the final dot", (Consumer<SmtpScript>) s -> s.onEndOfData().drop(), toData,
                        "connection closed after the final dot, before the reply"),
                Arguments.of("cut of DATA", (Consumer<SmtpScript>) s -> s.onCommand("DATA").resetAfterOctets(50),
                        toData, "connection reset after 50 octets of DATA"),
                Arguments.of("cut of BDAT", (Consumer<SmtpScript>) s -> s.onCommand("BDAT").dropAfterOctets(50),
                        toBdat, "connection closed after 50 octets of BDAT chunks"),
                Arguments.of("421", (Consumer<SmtpScript>) s -> s.onRcpt("b@example.com").reply(421, "4.3.2", "Bye"),
                        toRcpt, "connection closed after the scripted 421"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aFaultIsMarkedInTheTranscriptAndTheEventsAndIsNoViolation(String name, Consumer<SmtpScript> script,
                                                                   Consumer<SmtpClient> client, String detail) {
        script.accept(receiver.script());
        // the greeting is read first unless it is what the script drops
        try (SmtpClient c = name.contains("greeting") ? SmtpClient.connectSilently(receiver.port())
                : SmtpClient.connect(receiver.port())) {
            client.accept(c);
            c.readUntilClosed();
        } catch (RuntimeException resetByTheReceiver) {
            // a reset surfaces as an exception of the reading client
        }
        SmtpEvent.ClientDisconnected end = Recorded.disconnect(receiver);
        assertThat(end.reason()).isEqualTo(DisconnectReason.SCRIPTED);
        assertThat(end.detail()).isEqualTo(detail);
        String transcript = Recorded.transcript(receiver);
        assertThat(transcript).endsWith("-- " + detail + " [scripted]");
        assertThat(receiver.mailbox().violations()).isEmpty();
        assertThat(receiver.script().unusedRules()).isEmpty();
    }

    @Test
    void aStallIsMarkedInTheTranscriptAndTheEventsWhenTheClientGivesUp() {
        receiver.script().onCommand("MAIL").stall();
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO me");
            client.send("MAIL FROM:<a@example.com>\r\n");
            client.send("NOOP\r\nRSET\r\n"); // read and dropped while stalled: no violation
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> Recorded.transcript(receiver).endsWith("-- stalled, no reply [scripted]"));
        }
        SmtpEvent.ClientDisconnected end = Recorded.disconnect(receiver);
        assertThat(end.reason()).isEqualTo(DisconnectReason.SCRIPTED);
        assertThat(end.detail()).startsWith("stalled; the client closed the connection after ");
        assertThat(receiver.mailbox().violations()).isEmpty();
    }
}
