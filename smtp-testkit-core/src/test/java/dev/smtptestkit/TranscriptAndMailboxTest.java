package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.testing.SmtpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-session transcripts and the mailbox's queries and waiting, fed over real sockets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TranscriptAndMailboxTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private SmtpReceiver receiver;
    private Mailbox mailbox;

    @BeforeEach
    void start() {
        receiver = SmtpReceiver.builder().start();
        mailbox = receiver.mailbox();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private void deliver(String sender, List<String> recipients, String subject) {
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO sender.example");
            assertThat(client.sendMessage(sender, recipients, "Subject: " + subject + "\r\n\r\nbody\r\n"))
                    .startsWith("250 2.0.0 OK: message accepted as ");
            client.command("QUIT");
        }
    }

    private Thread inBackground(Runnable sending) {
        Thread t = new Thread(sending, "test-sender");
        t.start();
        return t;
    }

    @Test
    void aTranscriptHoldsEveryLineInOrderWithDataAsOneEntry() {
        Instant before = Instant.now();
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("HELO client.example");
            client.command("MAIL FROM:<a@example.com>");
            client.command("RCPT TO:<b@example.com>");
            client.command("DATA");
            client.send("Subject: t\r\n\r\n..dot\r\nline\r\n.\r\n"); // 27 octets before ".CRLF"
            client.readReply();
            client.command("QUIT");
        }
        mailbox.awaitEvent(SmtpEvent.ClientDisconnected.class, e -> true, WAIT);
        Transcript transcript = mailbox.transcripts().get(0);
        assertThat(transcript.sessionId()).isEqualTo("s1");
        assertThat(transcript.render()).isEqualTo(String.join("\n",
                "S: 220 localhost ESMTP smtp-testkit ready",
                "C: HELO client.example",
                "S: 250 localhost greets client.example",
                "C: MAIL FROM:<a@example.com>",
                "S: 250 Sender OK",
                "C: RCPT TO:<b@example.com>",
                "S: 250 Recipient OK",
                "C: DATA",
                "S: 354 Start mail input; end with <CRLF>.<CRLF>",
                "C: <27 bytes>",
                "S: 250 OK: message accepted as s1.1",
                "C: QUIT",
                "S: 221 localhost closing connection"));
        assertThat(transcript.commands()).containsExactly("HELO", "MAIL", "RCPT", "DATA", "QUIT");
        assertThat(transcript.lines()).extracting(Transcript.Line::time).isSorted()
                .allSatisfy(t -> assertThat(t).isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now()));
        assertThat(mailbox.singleEmail().size()).isEqualTo(26); // the stuffed dot is gone
    }

    @Test
    void sessionsWithoutMessagesAndCutOffSessionsKeepTheirTranscripts() {
        try (SmtpClient quiet = SmtpClient.connect(receiver.port())) {
            quiet.command("EHLO quiet");
            quiet.command("NOOP");
            quiet.command("QUIT");
        }
        try (SmtpClient cut = SmtpClient.connect(receiver.port())) {
            cut.command("EHLO cut");
            cut.command("MAIL FROM:<a@example.com>");
            cut.command("RCPT TO:<b@example.com>");
            cut.command("DATA");
            cut.send("Subject: never finished\r\n");
        }
        mailbox.awaitEvent(SmtpEvent.ClientDisconnected.class, e -> e.sessionId().equals("s2"), WAIT);
        assertThat(mailbox.emails()).isEmpty();
        assertThat(mailbox.transcripts()).extracting(Transcript::sessionId).containsExactly("s1", "s2");
        assertThat(mailbox.transcript("s1").orElseThrow().commands()).containsExactly("EHLO", "NOOP", "QUIT");
        Transcript cut = mailbox.transcript("s2").orElseThrow();
        assertThat(cut.commands()).containsExactly("EHLO", "MAIL", "RCPT", "DATA");
        assertThat(cut.lines().get(cut.lines().size() - 1))
                .hasToString("S: 354 Start mail input; end with <CRLF>.<CRLF>");
        assertThat(mailbox.transcript("s3")).isEmpty();
    }

    @Test
    void emailsCanBeFoundByRecipientAndSenderBccIncluded() {
        deliver("alice@example.com", List.of("bob@example.com", "hidden@example.com"), "first");
        deliver("carol@example.com", List.of("Bob@Example.com"), "second");

        assertThat(mailbox.emailsTo("BOB@example.com")).extracting(ReceivedEmail::subject)
                .containsExactly("first", "second");
        assertThat(mailbox.emailsTo("hidden@example.com")).extracting(ReceivedEmail::subject).containsExactly("first");
        assertThat(mailbox.emailsTo("nobody@example.com")).isEmpty();
        assertThat(mailbox.emailsFrom("Carol@example.com")).extracting(ReceivedEmail::subject).containsExactly("second");
        assertThat(mailbox.emailsFrom("bob@example.com")).isEmpty();
        assertThat(mailbox.emails(e -> e.subject().startsWith("s"))).extracting(ReceivedEmail::id)
                .containsExactly("s2.1");
    }

    @Test
    void clearForgetsEverythingAndRecordingGoesOn() {
        deliver("a@example.com", List.of("b@example.com"), "before");
        mailbox.awaitEvent(SmtpEvent.ClientDisconnected.class, e -> true, WAIT);
        mailbox.clear();
        assertThat(mailbox.emails()).isEmpty();
        assertThat(mailbox.events()).isEmpty();
        assertThat(mailbox.transcripts()).isEmpty();
        assertThat(mailbox.violations()).isEmpty();
        assertThat(mailbox.isEmpty()).isTrue();

        deliver("a@example.com", List.of("b@example.com"), "after");
        assertThat(mailbox.singleEmail().subject()).isEqualTo("after");
        assertThat(mailbox.transcripts()).extracting(Transcript::sessionId).containsExactly("s2");
    }

    @Test
    void awaitEmailsWaitsForMailSentFromAnotherThread() throws Exception {
        Thread sender = inBackground(() -> {
            for (int i = 1; i <= 3; i++) {
                deliver("a@example.com", List.of("b@example.com"), "async " + i);
            }
        });
        List<ReceivedEmail> emails = mailbox.awaitEmails(3, WAIT);
        assertThat(emails).extracting(ReceivedEmail::subject).containsExactly("async 1", "async 2", "async 3");
        sender.join();
    }

    @Test
    void awaitEmailsFailsListingWhatArrived() {
        deliver("a@example.com", List.of("b@example.com"), "the only one");
        long start = System.nanoTime();

        Throwable thrown = catchThrowable(() -> mailbox.awaitEmails(2, Duration.ofMillis(200)));

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(200);
        assertThat(thrown).isInstanceOf(AssertionError.class);
        assertThat(thrown.getMessage())
                .startsWith("Expecting at least 2 email(s) within 200 ms but 1 arrived:\n")
                .contains("Subject: the only one", "MAIL FROM:<a@example.com>", "\nDialogue:\n",
                        "C: RCPT TO:<b@example.com>", "S: 250 2.0.0 OK: message accepted as s1.1");
    }

    @Test
    void awaitEmailWaitsForAMatchingEmail() throws Exception {
        Thread sender = inBackground(() -> {
            deliver("a@example.com", List.of("b@example.com"), "not this");
            deliver("a@example.com", List.of("b@example.com"), "this one");
        });
        ReceivedEmail found = mailbox.awaitEmail(e -> e.subject().equals("this one"), WAIT);
        assertThat(found.id()).isEqualTo("s2.1");
        sender.join();

        Throwable thrown = catchThrowable(() -> mailbox.awaitEmail(e -> e.subject().equals("never"),
                Duration.ofMillis(100)));
        assertThat(thrown).isInstanceOf(AssertionError.class).message()
                .startsWith("Expecting an email matching the condition within 100 ms but none of the 2 that arrived"
                        + " matched:\n")
                .contains("Subject: not this", "Subject: this one");
    }

    @Test
    void awaitEventWaitsForTheDisconnectAndFailsListingTheEvents() {
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("QUIT");
        }
        SmtpEvent.ClientDisconnected end = mailbox.awaitEvent(SmtpEvent.ClientDisconnected.class,
                e -> e.reason() == DisconnectReason.QUIT, WAIT);
        assertThat(end.sessionId()).isEqualTo("s1");

        Throwable thrown = catchThrowable(() -> mailbox.awaitEvent(SmtpEvent.EmailReceived.class, e -> true,
                Duration.ofMillis(100)));
        assertThat(thrown).isInstanceOf(AssertionError.class).message()
                .startsWith("Expecting a EmailReceived event matching the condition within 100 ms but none was"
                        + " recorded. Events:\n")
                .contains("s1");
    }
}
