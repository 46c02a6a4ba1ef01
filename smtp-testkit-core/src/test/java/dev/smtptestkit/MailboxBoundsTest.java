package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtptestkit.testing.SmtpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a mailbox keeps is bounded (issue 10 points 6 and 8): a session records at most
 * {@code maxRecordedLines} lines and counts the rest; {@code maxRetainedEmails} drops the oldest
 * emails and the records of the sessions they leave behind. Counted, not measured: the heap figures
 * are in the reliability module.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MailboxBoundsTest {

    private static String sessionOf(SmtpReceiver receiver, SmtpClient client) {
        int port = client.socket().getLocalPort();
        return receiver.mailbox().awaitEvent(SmtpEvent.ClientConnected.class,
                e -> e.clientAddress().getPort() == port, Duration.ofSeconds(5)).sessionId();
    }

    private static void awaitEnd(Mailbox mailbox, String session) {
        mailbox.awaitEvent(SmtpEvent.ClientDisconnected.class, e -> e.sessionId().equals(session),
                Duration.ofSeconds(5));
    }

    /** One session that sends one message and quits; returns once the receiver saw it end. */
    private static void deliver(SmtpReceiver receiver, String subject) {
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            String session = sessionOf(receiver, client);
            client.command("HELO sender.example");
            assertThat(client.sendMessage("a@example.com", List.of("b@example.com"),
                    "Subject: " + subject + "\r\n\r\nbody\r\n")).startsWith("250 ");
            client.command("QUIT");
            awaitEnd(receiver.mailbox(), session);
        }
    }

    @Test
    void aSessionRecordsAtMostMaxRecordedLinesAndCountsTheRest() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().maxRecordedLines(20).start();
             SmtpClient client = SmtpClient.connect(receiver.port())) {
            String session = sessionOf(receiver, client);
            assertThat(client.command("HELO sender.example")).startsWith("250 ");
            for (int i = 0; i < 30; i++) {
                assertThat(client.command("NOOP")).as("answered past the cap too").startsWith("250 ");
            }
            client.command("QUIT");
            awaitEnd(receiver.mailbox(), session);

            Transcript transcript = receiver.mailbox().transcript(session).orElseThrow();
            // greeting + HELO and reply + 30 NOOPs and replies + QUIT and reply = 65 lines
            assertThat(transcript.lines()).hasSize(20);
            assertThat(transcript.linesNotRecorded()).isEqualTo(45);
            assertThat(transcript.render()).endsWith("\n... 45 more lines not recorded");
            assertThat(receiver.mailbox().events(SmtpEvent.CommandReceived.class)).as("of 32 commands").hasSize(20);
            assertThat(receiver.mailbox().events(SmtpEvent.ClientDisconnected.class)).hasSize(1);
        }
    }

    @Test
    void theOverflowCountIsShownWithThousandsSeparators() {
        Transcript t = new Transcript("s1", List.of(), 12_345);
        assertThat(t.render()).isEqualTo("... 12,345 more lines not recorded");
    }

    @Test
    void retentionDropsTheOldestEmailsAndTheEndedSessionsTheyLeaveBehind() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().maxRetainedEmails(2).start()) {
            Mailbox mailbox = receiver.mailbox();
            try (SmtpClient idle = SmtpClient.connect(receiver.port())) { // a session without email
                String session = sessionOf(receiver, idle);
                idle.command("QUIT");
                awaitEnd(mailbox, session);
            }
            for (int i = 1; i <= 4; i++) {
                deliver(receiver, "mail " + i);
            }

            assertThat(mailbox.size()).isEqualTo(2);
            assertThat(mailbox.droppedEmailCount()).isEqualTo(2);
            assertThat(mailbox.emails()).extracting(ReceivedEmail::subject).containsExactly("mail 3", "mail 4");
            List<String> kept = mailbox.emails().stream().map(e -> e.envelope().sessionId()).toList();
            assertThat(mailbox.transcripts()).extracting(Transcript::sessionId).containsExactlyElementsOf(kept);
            assertThat(mailbox.events(SmtpEvent.ClientConnected.class)).extracting(SmtpEvent.ClientConnected::sessionId)
                    .containsExactlyElementsOf(kept);
            // ServerStarted + 8 per session: connected, HELO, MAIL, RCPT, DATA, EmailReceived, QUIT, disconnected
            assertThat(mailbox.toString()).isEqualTo("Mailbox{2 emails, 2 sessions, 17 events, 2 emails dropped}");

            mailbox.clear();
            assertThat(mailbox.droppedEmailCount()).isZero();
        }
    }

    @Test
    void withoutRetentionLimitNothingIsDropped() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            for (int i = 1; i <= 3; i++) {
                deliver(receiver, "mail " + i);
            }
            assertThat(receiver.mailbox().size()).isEqualTo(3);
            assertThat(receiver.mailbox().droppedEmailCount()).isZero();
            assertThat(receiver.mailbox().transcripts()).hasSize(3);
        }
    }

    @Test
    void pollingNeverFailsAndReadsOnlyWhatItReturns() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            Mailbox mailbox = receiver.mailbox();
            assertThat(mailbox.pollEmail(e -> true, Duration.ofMillis(50))).isEmpty();
            assertThat(mailbox.pollEmails(1, Duration.ofMillis(50))).isEmpty();
            deliver(receiver, "one");
            assertThat(mailbox.pollEmails(2, Duration.ofMillis(50))).as("fewer than asked, when time ran out")
                    .extracting(ReceivedEmail::subject).containsExactly("one");
            assertThat(mailbox.unreadEmails()).isEmpty();
            deliver(receiver, "two");
            assertThat(mailbox.pollEmail(e -> e.subject().equals("two"), Duration.ofSeconds(5)))
                    .map(ReceivedEmail::subject).contains("two");
            assertThat(mailbox.unreadEmails()).isEmpty();
        }
    }

    @Test
    void dialogueRendersEverySessionWithinTheBudget() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            assertThat(receiver.mailbox().dialogue(10)).isEqualTo("(no SMTP session)");
            deliver(receiver, "one");
            String session = receiver.mailbox().emails().get(0).envelope().sessionId();
            assertThat(receiver.mailbox().dialogue(2)).startsWith("session " + session + ":\n  S: 220 ")
                    .contains("\n  C: HELO sender.example\n  ... ");
            assertThatThrownBy(() -> receiver.mailbox().dialogue(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxLines must not be negative, was -1");
        }
    }

    @Test
    void rejectViolationsRefusesWhatIsOtherwiseOnlyRecorded() {
        String bareLf = "From: a@example.com\r\nSubject: x\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\n\r\nbody\r\n";
        try (SmtpReceiver lenient = SmtpReceiver.builder().start();
             SmtpClient client = SmtpClient.connect(lenient.port())) {
            client.command("EHLO sender.example");
            assertThat(client.sendMessage("a@example.com", List.of("b@example.com"), bareLf)).startsWith("250 ");
            assertThat(lenient.mailbox().violations()).extracting(ProtocolViolation::rule)
                    .contains(ProtocolViolation.Rule.BARE_CR_OR_LF);
        }
        try (SmtpReceiver refusing = SmtpReceiver.builder().rejectViolations(true).start();
             SmtpClient client = SmtpClient.connect(refusing.port())) {
            client.command("EHLO sender.example");
            assertThat(client.sendMessage("a@example.com", List.of("b@example.com"), bareLf)).startsWith("550 5.6.0 ");
            assertThat(refusing.mailbox().isEmpty()).isTrue();
        }
    }

    @Test
    void boundsAreCheckedWhenSet() {
        assertThatThrownBy(() -> SmtpReceiver.builder().maxRecordedLines(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRecordedLines must be at least 1, was 0");
        assertThatThrownBy(() -> SmtpReceiver.builder().maxRetainedEmails(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRetainedEmails must be at least 1, was 0");
    }
}
