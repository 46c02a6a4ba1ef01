package dev.smtptestkit.assertj;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
import static dev.smtptestkit.assertj.TestMail.failureOf;
import static org.assertj.core.api.BDDAssertions.then;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ProtocolViolation.Rule;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class MailboxAssertTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    private static final String EMPTY = """

            Emails (0):
              (none)
            Dialogue:
              (no SMTP session)""";

    private static final String ONE_EMAIL = """

            Emails (1):
              email s1.1 from <alice@example.com> to [bob@example.com, dave@example.com], subject "Welcome 100% \
            aboard", 311 bytes
            Dialogue:
              session s1:
            """ + TestMail.dialogue("    ", "C: MAIL FROM:<alice@example.com>", "S: 250 2.1.0 Sender OK",
            "C: RCPT TO:<bob@example.com>", "S: 250 2.1.5 Recipient OK", "C: RCPT TO:<dave@example.com>",
            "S: 250 2.1.5 Recipient OK", "C: DATA", "S: 354 Start mail input; end with <CRLF>.<CRLF>",
            "C: <311 bytes>", "S: 250 2.0.0 OK: message accepted as s1.1");

    private SmtpReceiver receiver;
    private Mailbox mailbox;

    @BeforeEach
    void startReceiver() {
        receiver = SmtpReceiver.builder().start();
        mailbox = receiver.mailbox();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    /** The simple email, To bob with dave as Bcc, in session s1. */
    private void sendWelcome() {
        TestMail.send(receiver, "alice@example.com", List.of("bob@example.com", "dave@example.com"), TestMail.SIMPLE);
    }

    @Test
    void hasEmailCountPasses() {
        sendWelcome();
        assertThat(mailbox).hasEmailCount(1);
    }

    @Test
    void hasEmailCountFailsListingWhatArrivedWithTheDialogue() {
        // GIVEN
        sendWelcome();
        // WHEN
        String message = failureOf(() -> assertThat(mailbox).hasEmailCount(2));
        // THEN
        then(message).isEqualTo("\nExpecting the number of emails in the mailbox to be 2 but was 1." + ONE_EMAIL);
    }

    @Test
    void hasNoEmailsPasses() {
        assertThat(mailbox).hasNoEmails();
    }

    @Test
    void hasNoEmailsFails() {
        sendWelcome();
        String message = failureOf(() -> assertThat(mailbox).hasNoEmails());
        then(message).isEqualTo("\nExpecting the number of emails in the mailbox to be 0 but was 1." + ONE_EMAIL);
    }

    @Test
    void hasAtLeastEmailsPasses() {
        sendWelcome();
        assertThat(mailbox).hasAtLeastEmails(1);
    }

    @Test
    void hasAtLeastEmailsFails() {
        String message = failureOf(() -> assertThat(mailbox).hasAtLeastEmails(1));
        then(message).isEqualTo("\nExpecting the number of emails in the mailbox to be at least 1 but was 0." + EMPTY);
    }

    @Test
    void hasEmailToPassesForABccRecipient() {
        sendWelcome();
        assertThat(mailbox).hasEmailTo("dave@example.com");
    }

    @Test
    void hasEmailToFails() {
        sendWelcome();
        String message = failureOf(() -> assertThat(mailbox).hasEmailTo("carol@example.com"));
        then(message).isEqualTo("\nExpecting an email to <carol@example.com> (envelope recipient, Bcc included) but"
                + " none of the 1 email was." + ONE_EMAIL);
    }

    @Test
    void hasEmailFromPasses() {
        sendWelcome();
        assertThat(mailbox).hasEmailFrom("ALICE@example.com");
    }

    @Test
    void hasEmailFromFails() {
        String message = failureOf(() -> assertThat(mailbox).hasEmailFrom("alice@example.com"));
        then(message).isEqualTo("\nExpecting an email from <alice@example.com> (envelope sender) but none of the"
                + " 0 emails was." + EMPTY);
    }

    @Test
    void singleEmailNavigatesToTheEmail() {
        sendWelcome();
        assertThat(mailbox).singleEmail().hasSubject("Welcome 100% aboard");
    }

    @Test
    void singleEmailFailsOnAnEmptyMailbox() {
        String message = failureOf(() -> assertThat(mailbox).singleEmail());
        then(message).isEqualTo("\nExpecting the number of emails in the mailbox to be 1 but was 0." + EMPTY);
    }

    @Test
    void emailNavigatesByIndex() {
        sendWelcome();
        assertThat(mailbox).email(0).hasEnvelopeSender("alice@example.com");
    }

    @Test
    void emailFailsOutsideTheMailbox() {
        sendWelcome();
        String message = failureOf(() -> assertThat(mailbox).email(1));
        then(message).isEqualTo("\nExpecting an email at index 1 but the mailbox holds 1 email." + ONE_EMAIL);
    }

    @Test
    void emailMatchingNavigatesToTheFirstMatch() {
        sendWelcome();
        assertThat(mailbox).emailMatching(e -> e.subject().startsWith("Welcome")).hasTo("bob@example.com");
    }

    @Test
    void emailMatchingFails() {
        sendWelcome();
        String message = failureOf(() -> assertThat(mailbox).emailMatching(e -> e.subject().isEmpty()));
        then(message).isEqualTo("\nExpecting an email matching the given condition but none of the 1 email did."
                + ONE_EMAIL);
    }

    @Test
    void emailMatchingWithADescriptionPasses() {
        sendWelcome();
        assertThat(mailbox).emailMatching(e -> e.to().contains("bob@example.com"), "an email to Bob");
    }

    @Test
    void emailMatchingWithADescriptionFailsNamingIt() {
        sendWelcome();
        String message = failureOf(() -> assertThat(mailbox).emailMatching(e -> false, "a password reset"));
        then(message).isEqualTo("\nExpecting an email matching a password reset but none of the 1 email did."
                + ONE_EMAIL);
    }

    /**
     * Runs {@code await} on another thread, sends only once that thread is waiting on the mailbox
     * (so the assertion is proven to wait, not to find mail that won a race), and returns its result.
     */
    private <T> T sentWhileWaiting(Callable<T> await, String to, String subject) throws Exception {
        FutureTask<T> waiting = new FutureTask<>(await);
        Thread waiter = new Thread(waiting, "awaiting-mail");
        waiter.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        then(waiting.isDone()).as("still waiting before anything was sent").isFalse();
        TestMail.sendLaterWithAngusMail(receiver, to, subject).get(20, TimeUnit.SECONDS);
        return waiting.get(20, TimeUnit.SECONDS);
    }

    @Test
    void awaitsEmailsWithTheDefaultTimeoutWaitsForMailSentLater() throws Exception {
        // GIVEN the assertion is already waiting WHEN mail is sent
        sentWhileWaiting(() -> assertThat(mailbox).awaitsEmails(1), "late@example.com", "Later");
        // THEN
        then(mailbox.singleEmail().subject()).isEqualTo("Later");
    }

    @Test
    @Timeout(40)
    void theWaitingFormsWithoutATimeoutGiveUpAfterTheDefaultTenSeconds() throws Exception {
        // GIVEN nothing is ever sent; both forms wait at the same time, so this costs 10 s, not 20
        CompletableFuture<String> matching = new CompletableFuture<>();
        Thread other = new Thread(() -> matching.complete(failureOf(() ->
                assertThat(mailbox).awaitsEmailMatching(e -> true, "any email at all"))));
        long start = System.nanoTime();
        other.start();
        // WHEN
        String count = failureOf(() -> assertThat(mailbox).awaitsEmails(1));
        // THEN both ended after Mailbox.DEFAULT_TIMEOUT, saying what arrived
        then(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(30));
        then(count).isEqualTo("\nExpecting at least 1 email within 10 s but 0 emails arrived." + EMPTY);
        then(matching.get(20, TimeUnit.SECONDS))
                .isEqualTo("\nExpecting an email matching any email at all within 10 s but 0 emails arrived." + EMPTY);
    }

    @Test
    void awaitsEmailsWaitsForMailSentLater() throws Exception {
        sentWhileWaiting(() -> assertThat(mailbox).awaitsEmails(1, Duration.ofSeconds(5)), "late@example.com", "Later")
                .hasEmailTo("late@example.com");
    }

    @Test
    void awaitsEmailsFailsAfterTheTimeoutListingWhatArrived() {
        sendWelcome();
        String message = failureOf(() -> assertThat(mailbox).awaitsEmails(2, SHORT));
        then(message).isEqualTo("\nExpecting at least 2 emails within 200 ms but 1 email arrived." + ONE_EMAIL);
    }

    @Test
    void awaitsEmailMatchingWithTheDefaultTimeoutNavigatesToTheEmail() throws Exception {
        sentWhileWaiting(() -> assertThat(mailbox).awaitsEmailMatching(e -> e.subject().equals("Report"), "the report"),
                "late@example.com", "Report").hasTo("late@example.com");
    }

    @Test
    void awaitsEmailMatchingNavigatesToTheEmail() throws Exception {
        sentWhileWaiting(() -> assertThat(mailbox).awaitsEmailMatching(e -> e.subject().equals("Report"), "the report",
                Duration.ofSeconds(5)), "late@example.com", "Report").hasFrom("app@example.com");
    }

    @Test
    void awaitsEmailMatchingFailsAfterTheTimeout() {
        sendWelcome();
        String message = failureOf(() -> assertThat(mailbox).awaitsEmailMatching(e -> e.subject().equals("Report"),
                "the report", SHORT));
        then(message).isEqualTo("\nExpecting an email matching the report within 200 ms but 1 email arrived."
                + ONE_EMAIL);
    }

    @Test
    void receivesNoEmailWithinPassesWhenNothingIsSent() {
        assertThat(mailbox).receivesNoEmailWithin(SHORT);
    }

    @Test
    void receivesNoEmailWithinFailsNamingTheEmail() {
        sendWelcome();
        String message = failureOf(() -> assertThat(mailbox).receivesNoEmailWithin(SHORT));
        then(message).isEqualTo("\nExpecting no email within 200 ms but s1.1 arrived." + ONE_EMAIL);
    }

    @Test
    void receivesNoEmailWithinFailsAsSoonAsMailSentLaterArrives() throws Exception {
        long start = System.nanoTime();
        String message = sentWhileWaiting(() -> failureOf(() -> assertThat(mailbox)
                .receivesNoEmailWithin(Duration.ofSeconds(30))), "late@example.com", "Oops");
        then(message).startsWith("\nExpecting no email within 30 s but s1.1 arrived.\nEmails (1):");
        then(Duration.ofNanos(System.nanoTime() - start)).as("failed on arrival, not after 30 s")
                .isLessThan(Duration.ofSeconds(25));
    }

    @Test
    void receivesNoEmailMatchingWithinIgnoresOtherEmails() {
        sendWelcome();
        assertThat(mailbox).receivesNoEmailMatchingWithin(e -> e.subject().contains("Reset"), "a password reset",
                SHORT);
    }

    @Test
    void receivesNoEmailMatchingWithinFails() {
        sendWelcome();
        String message = failureOf(() -> assertThat(mailbox).receivesNoEmailMatchingWithin(
                e -> e.to().contains("bob@example.com"), "an email to Bob", SHORT));
        then(message).isEqualTo("\nExpecting no email matching an email to Bob within 200 ms but s1.1 arrived."
                + ONE_EMAIL);
    }

    @Test
    void hasNoProtocolViolationsPasses() {
        sendWelcome();
        assertThat(mailbox).hasNoProtocolViolations();
    }

    @Test
    void hasNoProtocolViolationsFailsListingThem() {
        // GIVEN a message without Date and From (RFC 5322 3.6)
        TestMail.send(receiver, "a@example.com", List.of("b@example.com"), "Subject: bare\n\nhi\n");
        // WHEN
        String message = failureOf(() -> assertThat(mailbox).hasNoProtocolViolations());
        // THEN
        then(message).isEqualTo("\n" + """
                Expecting no protocol violations but found 2 violations.
                Violations:
                  session s1: no Date header (RFC 5322 3.6): (no Date header)
                  session s1: no From header (RFC 5322 3.6): (no From header)
                Emails (1):
                  email s1.1 from <a@example.com> to [b@example.com], subject "bare", 21 bytes
                Dialogue:
                  session s1:
                """ + TestMail.dialogue("    ", TestMail.transaction("a@example.com", "b@example.com", 21)));
    }

    @Test
    void hasProtocolViolationPasses() {
        TestMail.send(receiver, "a@example.com", List.of("b@example.com"), "Subject: bare\n\nhi\n");
        assertThat(mailbox).hasProtocolViolation(Rule.MISSING_DATE);
    }

    @Test
    void hasProtocolViolationFails() {
        sendWelcome();
        String message = failureOf(() -> assertThat(mailbox).hasProtocolViolation(Rule.BARE_CR_OR_LF));
        then(message).isEqualTo("\n" + """
                Expecting a protocol violation BARE_CR_OR_LF (RFC 5321 2.3.8) but none was recorded.
                Violations:
                  (none)""" + ONE_EMAIL);
    }

    @Test
    void hasSessionCountPasses() {
        sendWelcome();
        TestMail.sendPipelined(receiver);
        assertThat(mailbox).hasSessionCount(2);
    }

    @Test
    void hasSessionCountFails() {
        String message = failureOf(() -> assertThat(mailbox).hasSessionCount(1));
        then(message).isEqualTo("\nExpecting the number of SMTP sessions to be 1 but was 0." + EMPTY);
    }

    @Test
    void singleSessionNavigatesToTheDialogue() {
        sendWelcome();
        assertThat(mailbox).singleSession().hasEhloName("client.example");
    }

    @Test
    void singleSessionFailsWithoutSessions() {
        String message = failureOf(() -> assertThat(mailbox).singleSession());
        then(message).isEqualTo("\nExpecting the number of SMTP sessions to be 1 but was 0." + EMPTY);
    }

    @Test
    void sessionNavigatesByIndex() {
        sendWelcome();
        TestMail.sendPipelined(receiver);
        assertThat(mailbox).session(1).hasEhloName("pipe.example").usedPipelining();
    }

    @Test
    void sessionFailsOutsideTheSessions() {
        sendWelcome();
        String message = failureOf(() -> assertThat(mailbox).session(1));
        then(message).isEqualTo("\nExpecting an SMTP session at index 1 but the receiver saw 1 session." + ONE_EMAIL);
    }

    @Test
    void eventsNavigatesToTheEventLog() {
        sendWelcome();
        assertThat(mailbox).events().hasEventCount(SmtpEvent.EmailReceived.class, 1);
    }

    @Test
    void theDialogueInAFailureIsCappedAt40LinesSayingHowManyMoreThereWere() {
        // GIVEN five sessions of 20 lines each, 13 once the EHLO reply is folded
        for (int i = 0; i < 5; i++) {
            TestMail.send(receiver, "a@example.com", List.of("b@example.com"), TestMail.SIMPLE);
        }
        // WHEN
        String message = failureOf(() -> assertThat(mailbox).hasNoEmails());
        // THEN every email is listed, but only s1 to s3 and the first line of s4; the rest is counted in
        // recorded lines (s4's 19 and s5's 20)
        then(message).startsWith("\nExpecting the number of emails in the mailbox to be 0 but was 5.\nEmails (5):\n")
                .contains("email s5.1 from <a@example.com>")
                .contains("\n  session s4:\n").doesNotContain("session s5")
                .endsWith("\n  session s4:\n    S: 220 localhost ESMTP smtp-testkit ready\n    ... 19 more lines\n"
                        + "  ... 20 more lines in 1 more session");
        then(message.lines().filter(l -> l.matches(" {4}[CS]: .*"))).hasSize(40);
    }

    @Test
    void aNullMailboxFailsLikeAnyAssertJAssertion() {
        String message = failureOf(() -> assertThat((Mailbox) null).hasNoEmails());
        then(message).isEqualTo("\nExpecting actual not to be null");
    }

    @Test
    void aMessageSentSynchronouslyNeedsNoWaiting() {
        sendWelcome();
        ReceivedEmail email = mailbox.singleEmail();
        assertThat(mailbox).hasEmailCount(1).singleEmail().hasSubject(email.subject());
    }
}
