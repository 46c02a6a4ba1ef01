package dev.smtptestkit.assertj;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThatEvents;
import static dev.smtptestkit.assertj.TestMail.failureOf;
import static org.assertj.core.api.BDDAssertions.then;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpEvent.ClientConnected;
import dev.smtptestkit.SmtpEvent.ClientDisconnected;
import dev.smtptestkit.SmtpEvent.CommandReceived;
import dev.smtptestkit.SmtpEvent.EmailReceived;
import dev.smtptestkit.SmtpEvent.ServerStarted;
import dev.smtptestkit.SmtpEvent.ServerStopped;
import dev.smtptestkit.SmtpReceiver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EventLogAssertTest {

    private static final String EVENTS = """

            Events:
              server started on 127.0.0.1:PORT
              [s1] connected from 127.0.0.1:PORT
              [s1] C: EHLO client.example  S: 250-localhost greets client.example
              [s1] C: MAIL FROM:<alice@example.com>  S: 250 2.1.0 Sender OK
              [s1] C: RCPT TO:<bob@example.com>  S: 250 2.1.5 Recipient OK
              [s1] C: DATA  S: 354 Start mail input; end with <CRLF>.<CRLF>
              [s1] email s1.1 from <alice@example.com> to [bob@example.com], subject "Welcome 100% aboard", 311 bytes
              [s1] C: QUIT  S: 221 2.0.0 localhost closing connection
              [s1] disconnected: QUIT
              [s2] connected from 127.0.0.1:PORT
              [s2] C: EHLO leaver.example  S: 250-localhost greets leaver.example
              [s2] disconnected: CLIENT_CLOSED
              server stopped on 127.0.0.1:PORT""";

    private static List<SmtpEvent> events;

    @BeforeAll
    static void recordEvents() {
        SmtpReceiver receiver = SmtpReceiver.builder().start();
        Mailbox mailbox = receiver.mailbox();
        TestMail.send(receiver, "alice@example.com", List.of("bob@example.com"), TestMail.SIMPLE);
        // the disconnect follows the client's last reply: wait for it so the log order is fixed
        mailbox.awaitEvent(ClientDisconnected.class, d -> d.sessionId().equals("s1"), Duration.ofSeconds(5));
        try (TestMail.Client client = new TestMail.Client(receiver.port())) {
            client.command("EHLO leaver.example");
        }
        mailbox.awaitEvent(ClientDisconnected.class, d -> d.sessionId().equals("s2"), Duration.ofSeconds(5));
        receiver.close();
        events = mailbox.events();
    }

    /** Ephemeral ports differ per run; everything else in the message is pinned. */
    private static String normalised(String message) {
        return message.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT");
    }

    @Test
    void containsEventsInOrderPassesWithOtherEventsInBetween() {
        assertThatEvents(events).containsEventsInOrder(ServerStarted.class, ClientConnected.class,
                EmailReceived.class, ClientDisconnected.class, ServerStopped.class);
    }

    @Test
    void containsEventsInOrderFailsOnTheWrongOrder() {
        String message = failureOf(() -> assertThatEvents(events).containsEventsInOrder(EmailReceived.class,
                ServerStarted.class));
        then(normalised(message)).isEqualTo("\n" + """
                Expecting the events:
                  [ServerStarted, ClientConnected, CommandReceived, CommandReceived, CommandReceived, \
                CommandReceived, EmailReceived, CommandReceived, ClientDisconnected, ClientConnected, \
                CommandReceived, ClientDisconnected, ServerStopped]
                to contain in order:
                  [EmailReceived, ServerStarted]
                but they do not.""" + EVENTS);
    }

    @Test
    void containsEventsInOrderRejectsAClassThatIsNoEvent() {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> assertThatEvents(events).containsEventsInOrder(String.class));
        then(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("java.lang.String is not an SmtpEvent kind; use for example SmtpEvent.EmailReceived.class");
    }

    @Test
    void hasEventCountPasses() {
        assertThatEvents(events).hasEventCount(CommandReceived.class, 6).hasEventCount(ClientConnected.class, 2);
    }

    @Test
    void hasEventCountFails() {
        String message = failureOf(() -> assertThatEvents(events).hasEventCount(EmailReceived.class, 2));
        then(normalised(message)).isEqualTo("\nExpecting the number of EmailReceived events to be 2 but was 1."
                + EVENTS);
    }

    @Test
    void hasDisconnectReasonPassesWhenEverySessionEndedThatWay() {
        List<SmtpEvent> firstSession = events.stream().filter(e -> !e.session().orElse("").equals("s2")).toList();
        assertThatEvents(firstSession).hasDisconnectReason(DisconnectReason.QUIT);
    }

    @Test
    void hasDisconnectReasonFailsWhenNoSessionEnded() {
        List<SmtpEvent> started = events.subList(0, 1);
        String message = failureOf(() -> assertThatEvents(started).hasDisconnectReason(DisconnectReason.QUIT));
        then(normalised(message)).isEqualTo("\n" + """
                Expecting every session to end with QUIT but no session ended.
                Events:
                  server started on 127.0.0.1:PORT""");
    }

    @Test
    void hasDisconnectReasonFailsNamingTheSessionThatEndedOtherwise() {
        String message = failureOf(() -> assertThatEvents(events).hasDisconnectReason(DisconnectReason.QUIT));
        then(normalised(message)).isEqualTo("\nExpecting every session to end with QUIT but session s2 ended with"
                + " CLIENT_CLOSED." + EVENTS);
    }

    @Test
    void hasDisconnectReasonOfOneSessionPasses() {
        assertThatEvents(events).hasDisconnectReason("s2", DisconnectReason.CLIENT_CLOSED)
                .hasDisconnectReason("s1", DisconnectReason.QUIT);
    }

    @Test
    void hasDisconnectReasonOfOneSessionFails() {
        String message = failureOf(() -> assertThatEvents(events).hasDisconnectReason("s2", DisconnectReason.QUIT));
        then(normalised(message)).isEqualTo("\n" + """
                Expecting the disconnect reason of session s2 to be:
                  QUIT
                but was:
                  CLIENT_CLOSED""" + EVENTS);
    }

    @Test
    void hasDisconnectReasonOfOneSessionFailsForAnUnknownSession() {
        String message = failureOf(() -> assertThatEvents(events).hasDisconnectReason("s9", DisconnectReason.QUIT));
        then(normalised(message)).isEqualTo("\nExpecting session s9 to end with QUIT but it did not end." + EVENTS);
    }
}
