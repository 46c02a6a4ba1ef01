package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtptestkit.testing.SmtpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Mailbox#unreadEmails()}: an email is read once a query has handed it to the caller. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MailboxUnreadEmailsTest {

    private SmtpReceiver receiver;
    private Mailbox mailbox;

    @BeforeEach
    void start() {
        receiver = SmtpReceiver.builder().start();
        mailbox = receiver.mailbox();
        deliver("a@example.com", "b@example.com", "first");
        deliver("c@example.com", "d@example.com", "second");
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private void deliver(String sender, String recipient, String subject) {
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO sender.example");
            assertThat(client.sendMessage(sender, List.of(recipient), "Subject: " + subject + "\r\n\r\nbody\r\n"))
                    .startsWith("250 ");
            client.command("QUIT");
        }
    }

    private List<String> unreadSubjects() {
        return mailbox.unreadEmails().stream().map(ReceivedEmail::subject).toList();
    }

    private void readsOnly(Consumer<Mailbox> query, String... stillUnread) {
        query.accept(mailbox);
        assertThat(unreadSubjects()).containsExactly(stillUnread);
    }

    @Test
    void everythingIsUnreadUntilAQueryReturnsIt() {
        assertThat(unreadSubjects()).containsExactly("first", "second");
        assertThat(unreadSubjects()).as("asking does not read").containsExactly("first", "second");
        assertThat(mailbox.size()).as("counting does not read").isEqualTo(2);
        assertThat(unreadSubjects()).containsExactly("first", "second");
    }

    @Test
    void emailsReadsAll() {
        readsOnly(Mailbox::emails);
    }

    @Test
    void queriesReadOnlyWhatTheyReturn() {
        readsOnly(m -> m.email(1), "first");
        readsOnly(m -> m.emailsTo("b@example.com"));
    }

    @Test
    void senderAndPredicateQueriesReadTheirMatches() {
        readsOnly(m -> m.emailsFrom("c@example.com"), "first");
        readsOnly(m -> m.emails(e -> e.subject().equals("first")));
    }

    @Test
    void waitingReadsWhatItReturns() {
        readsOnly(m -> m.awaitEmail(e -> e.subject().equals("second"), Duration.ofSeconds(5)), "first");
        readsOnly(m -> m.awaitEmails(2, Duration.ofSeconds(5)));
    }

    @Test
    void aFailedQueryReadsNothing() {
        readsOnly(m -> assertThatThrownBy(m::singleEmail).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting exactly one email but 2 arrived"), "first", "second");
    }

    @Test
    void clearForgetsWhatWasRead() {
        mailbox.emails();
        mailbox.clear();
        deliver("e@example.com", "f@example.com", "third");

        assertThat(unreadSubjects()).containsExactly("third");
    }
}
