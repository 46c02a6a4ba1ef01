package dev.smtptestkit.assertj;

import static dev.smtptestkit.assertj.TestMail.failureOf;
import static org.assertj.core.api.BDDAssertions.then;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import java.util.List;
import org.assertj.core.api.SoftAssertionsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every Assert class in a soft block: all failures collected and reported together. */
@Timeout(10)
class SmtpSoftAssertionsTest {

    private SmtpReceiver receiver;
    private Mailbox mailbox;
    private final SmtpSoftAssertions softly = new SmtpSoftAssertions();

    @BeforeEach
    void receiveTheWelcomeEmail() {
        receiver = SmtpReceiver.builder().start();
        mailbox = receiver.mailbox();
        TestMail.send(receiver, "alice@example.com", List.of("bob@example.com"), TestMail.SIMPLE);
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    private List<String> firstLines() {
        return softly.errorsCollected().stream().map(e -> e.getMessage().lines().skip(1).findFirst().orElse("")).toList();
    }

    @Test
    void mailboxAssertCollectsEveryFailureOfAChain() {
        // WHEN
        softly.assertThat(mailbox).hasEmailCount(2).hasEmailTo("carol@example.com").hasNoProtocolViolations()
                .hasSessionCount(3);
        // THEN
        then(firstLines()).containsExactly(
                "Expecting the number of emails in the mailbox to be 2 but was 1.",
                "Expecting an email to <carol@example.com> (envelope recipient, Bcc included) but none of the 1"
                        + " email was.",
                "Expecting the number of SMTP sessions to be 3 but was 1.");
    }

    @Test
    void receivedEmailAssertCollectsEveryFailure() {
        ReceivedEmail email = mailbox.singleEmail();
        softly.assertThat(email).hasSubject("Welcome 100% aboard").hasTo("carol@example.com").hasCharset("utf-8")
                .textBodyContains("password");
        then(firstLines()).containsExactly(
                "Expecting the To addresses of email s1.1 to be:",
                "Expecting the text body of email s1.1 to contain:");
    }

    @Test
    void attachmentAssertCollectsEveryFailure() {
        var report = TestMail.multipart().attachments().get(0);
        softly.assertThat(report).hasFileName("report.pdf").hasContentType("text/csv").hasSize(1);
        then(firstLines()).containsExactly(
                "Expecting the file name of attachment \"report.csv\" to be:",
                "Expecting the size in bytes of attachment \"report.csv\" to be 1 but was 15.");
    }

    @Test
    void transcriptAssertCollectsEveryFailure() {
        softly.assertThat(mailbox.transcripts().get(0)).hasEhloName("x.example").hasReplyCode(250).usedPipelining();
        then(firstLines()).containsExactly(
                "Expecting the EHLO name of session s1 to be:",
                "Expecting the client of session s1 to pipeline (send a command before the previous reply, RFC 2920)"
                        + " but it waited for every reply.");
    }

    @Test
    void eventLogAssertCollectsEveryFailure() {
        softly.assertThatEvents(mailbox.events()).hasEventCount(SmtpEvent.EmailReceived.class, 2)
                .hasDisconnectReason("s9", DisconnectReason.QUIT).hasEventCount(SmtpEvent.ServerStopped.class, 1);
        then(firstLines()).containsExactly(
                "Expecting the number of EmailReceived events to be 2 but was 1.",
                "Expecting session s9 to end with QUIT but it did not end.",
                "Expecting the number of ServerStopped events to be 1 but was 0.");
    }

    @Test
    void assertAllReportsTheFailuresTogetherAndMixesWithPlainAssertJ() {
        // GIVEN
        softly.assertThat(mailbox).hasNoEmails();
        softly.assertThat("plain AssertJ").startsWith("fancy");
        softly.assertThat(mailbox.singleEmail()).hasSubject("Goodbye");
        // WHEN
        String message = failureOf(softly::assertAll);
        // THEN
        then(message).startsWith("\nMultiple Failures (3 failures)\n-- failure 1 --\n"
                + "Expecting the number of emails in the mailbox to be 0 but was 1.")
                .contains("-- failure 2 --\nExpecting actual:\n  \"plain AssertJ\"\nto start with:\n  \"fancy\"")
                .contains("-- failure 3 --\nExpecting the subject of email s1.1 to be:\n  \"Goodbye\"");
    }

    @Test
    void assertSoftlyWorksWithTheProviderEntryPoint() {
        String message = failureOf(() -> SoftAssertionsProvider.assertSoftly(SmtpSoftAssertions.class,
                s -> s.assertThat(mailbox).hasEmailCount(1).hasSessionCount(2)));
        then(message).startsWith("\nMultiple Failures (1 failure)\n-- failure 1 --\n"
                + "Expecting the number of SMTP sessions to be 2 but was 1.\nEmails (1):");
    }

    @Test
    void navigationInSoftModeReturnsAHardAssert() {
        // WHEN
        ReceivedEmailAssert navigated = softly.assertThat(mailbox).singleEmail();
        String message = failureOf(() -> navigated.hasSubject("Goodbye"));
        // THEN the navigated assert threw at once instead of collecting
        then(message).startsWith("\nExpecting the subject of email s1.1 to be:");
        then(softly.errorsCollected()).isEmpty();
    }

    @Test
    void navigationInSoftModeReturnsNullWhenTheNavigationFails() {
        // GIVEN
        mailbox.clear();
        // WHEN
        ReceivedEmailAssert navigated = softly.assertThat(mailbox).singleEmail();
        // THEN the failure is collected and there is nothing to navigate to
        then(navigated).isNull();
        then(firstLines()).containsExactly("Expecting the number of emails in the mailbox to be 1 but was 0.");
    }
}
