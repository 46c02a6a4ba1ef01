package dev.smtptestkit.assertj;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
import static dev.smtptestkit.assertj.TestMail.failureOf;
import static org.assertj.core.api.BDDAssertions.then;

import dev.smtptestkit.ReceivedEmail;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Addresses, subject, envelope and headers; bodies and parts are in {@link ReceivedEmailBodyAssertTest}. */
@Timeout(10)
class ReceivedEmailAssertTest {

    static final String SIMPLE_CONTEXT = """

            Email:
              email s1.1 (311 bytes)
                envelope: MAIL FROM:<alice@example.com> RCPT TO:[<bob@example.com>, <carol@example.com>, \
            <dave@example.com>]
                From: Alice <alice@example.com>
                To: bob@example.com
                Cc: carol@example.com
                Subject: Welcome 100% aboard
                Content-Type: text/plain
                | Hello Bob,
                | please activate your account.""";

    static final String MULTIPART_CONTEXT = """

            Email:
              email s1.1 (755 bytes)
                envelope: MAIL FROM:<shop@example.com> RCPT TO:[<customer@example.com>]
                From: shop@example.com
                To: customer@example.com
                Subject: Your invoice
                Content-Type: multipart/mixed
                | Amount due: 42 EUR""";

    private static ReceivedEmail simple;
    private static ReceivedEmail multipart;

    @BeforeAll
    static void receiveEmails() {
        simple = TestMail.simple();
        multipart = TestMail.multipart();
    }

    @Test
    void hasSubjectPassesOnTheDecodedSubject() {
        assertThat(simple).hasSubject("Welcome 100% aboard");
    }

    @Test
    void hasSubjectFailsShowingBothSubjectsAndTheEmail() {
        // WHEN
        String message = failureOf(() -> assertThat(simple).hasSubject("Goodbye"));
        // THEN
        then(message).isEqualTo("\n" + """
                Expecting the subject of email s1.1 to be:
                  "Goodbye"
                but was:
                  "Welcome 100% aboard\"""" + SIMPLE_CONTEXT);
    }

    @Test
    void subjectContainsPasses() {
        assertThat(simple).subjectContains("100%");
    }

    @Test
    void subjectContainsFails() {
        String message = failureOf(() -> assertThat(simple).subjectContains("invoice"));
        then(message).isEqualTo("\n" + """
                Expecting the subject of email s1.1 to contain:
                  "invoice"
                but was:
                  "Welcome 100% aboard\"""" + SIMPLE_CONTEXT);
    }

    @Test
    void subjectMatchesPassesOnTheWholeSubject() {
        assertThat(simple).subjectMatches("Welcome \\d+% aboard");
    }

    @Test
    void subjectMatchesFailsOnAPartialMatch() {
        String message = failureOf(() -> assertThat(simple).subjectMatches("Welcome"));
        then(message).isEqualTo("\n" + """
                Expecting the subject of email s1.1 to match the regular expression:
                  Welcome
                but was:
                  "Welcome 100% aboard\"""" + SIMPLE_CONTEXT);
    }

    @Test
    void hasFromPassesOnTheBareAddress() {
        assertThat(simple).hasFrom("alice@example.com");
    }

    @Test
    void hasFromFails() {
        String message = failureOf(() -> assertThat(simple).hasFrom("mallory@example.com"));
        then(message).isEqualTo("\n" + """
                Expecting the From addresses of email s1.1 to be:
                  [mallory@example.com]
                but was:
                  [alice@example.com]""" + SIMPLE_CONTEXT);
    }

    @Test
    void hasToPassesOnTheHeaderNotTheEnvelope() {
        assertThat(simple).hasTo("bob@example.com");
    }

    @Test
    void hasToFailsWhenTheAddressIsOnlyInTheEnvelope() {
        String message = failureOf(() -> assertThat(simple).hasTo("bob@example.com", "dave@example.com"));
        then(message).isEqualTo("\n" + """
                Expecting the To addresses of email s1.1 to be:
                  [bob@example.com, dave@example.com]
                but was:
                  [bob@example.com]""" + SIMPLE_CONTEXT);
    }

    @Test
    void hasCcPasses() {
        assertThat(simple).hasCc("carol@example.com");
    }

    @Test
    void hasCcFailsOnAnEmailWithoutCc() {
        String message = failureOf(() -> assertThat(multipart).hasCc("carol@example.com"));
        then(message).isEqualTo("\n" + """
                Expecting the Cc addresses of email s1.1 to be:
                  [carol@example.com]
                but was:
                  []""" + MULTIPART_CONTEXT);
    }

    @Test
    void hasReplyToPasses() {
        assertThat(simple).hasReplyTo("support@example.com");
    }

    @Test
    void hasReplyToFails() {
        String message = failureOf(() -> assertThat(simple).hasReplyTo("alice@example.com"));
        then(message).isEqualTo("\n" + """
                Expecting the Reply-To addresses of email s1.1 to be:
                  [alice@example.com]
                but was:
                  [support@example.com]""" + SIMPLE_CONTEXT);
    }

    @Test
    void hasEnvelopeSenderPasses() {
        assertThat(simple).hasEnvelopeSender("alice@example.com");
    }

    @Test
    void hasEnvelopeSenderFails() {
        String message = failureOf(() -> assertThat(simple).hasEnvelopeSender("bounce@example.com"));
        then(message).isEqualTo("\n" + """
                Expecting the envelope sender (MAIL FROM) of email s1.1 to be:
                  "bounce@example.com"
                but was:
                  "alice@example.com\"""" + SIMPLE_CONTEXT);
    }

    @Test
    void hasEnvelopeRecipientsPassesWithTheBccRecipient() {
        assertThat(simple).hasEnvelopeRecipients("bob@example.com", "carol@example.com", "dave@example.com");
    }

    @Test
    void hasEnvelopeRecipientsFailsWhenOneIsMissing() {
        String message = failureOf(() -> assertThat(simple).hasEnvelopeRecipients("bob@example.com"));
        then(message).isEqualTo("\n" + """
                Expecting the envelope recipients (RCPT TO) of email s1.1 to be:
                  [bob@example.com]
                but was:
                  [bob@example.com, carol@example.com, dave@example.com]""" + SIMPLE_CONTEXT);
    }

    @Test
    void hasEnvelopeRecipientPassesIgnoringCase() {
        assertThat(simple).hasEnvelopeRecipient("Dave@Example.com");
    }

    @Test
    void hasEnvelopeRecipientFails() {
        String message = failureOf(() -> assertThat(simple).hasEnvelopeRecipient("erin@example.com"));
        then(message).isEqualTo("\nExpecting <erin@example.com> among the envelope recipients of email s1.1 but they"
                + " were [bob@example.com, carol@example.com, dave@example.com]." + SIMPLE_CONTEXT);
    }

    @Test
    void hasBccRecipientPassesForAnEnvelopeOnlyRecipient() {
        assertThat(simple).hasBccRecipient("dave@example.com");
    }

    @Test
    void hasBccRecipientFailsForACcRecipient() {
        String message = failureOf(() -> assertThat(simple).hasBccRecipient("carol@example.com"));
        then(message).isEqualTo("\nExpecting <carol@example.com> to be a Bcc recipient of email s1.1 (in the envelope"
                + " but in neither To nor Cc) but it is in the Cc header." + SIMPLE_CONTEXT);
    }

    @Test
    void hasBccRecipientFailsForAnAddressNotInTheEnvelope() {
        String message = failureOf(() -> assertThat(simple).hasBccRecipient("erin@example.com"));
        then(message).isEqualTo("\nExpecting <erin@example.com> to be a Bcc recipient of email s1.1 (in the envelope"
                + " but in neither To nor Cc) but it is not an envelope recipient: [bob@example.com,"
                + " carol@example.com, dave@example.com]." + SIMPLE_CONTEXT);
    }

    @Test
    void hasHeaderPassesIgnoringTheNameCase() {
        assertThat(simple).hasHeader("message-id");
    }

    @Test
    void hasHeaderFails() {
        String message = failureOf(() -> assertThat(simple).hasHeader("List-Unsubscribe"));
        then(message).isEqualTo("\nExpecting a List-Unsubscribe header of email s1.1 but there is none."
                + SIMPLE_CONTEXT);
    }

    @Test
    void doesNotHaveHeaderPasses() {
        assertThat(simple).doesNotHaveHeader("Bcc");
    }

    @Test
    void doesNotHaveHeaderFailsShowingTheValue() {
        String message = failureOf(() -> assertThat(simple).doesNotHaveHeader("Reply-To"));
        then(message).isEqualTo("\nExpecting no Reply-To header of email s1.1 but found \"support@example.com\"."
                + SIMPLE_CONTEXT);
    }

    @Test
    void hasHeaderValuePassesOnTheUnfoldedValue() {
        assertThat(simple).hasHeaderValue("Message-ID", "<1@example.com>");
    }

    @Test
    void hasHeaderValueFails() {
        String message = failureOf(() -> assertThat(simple).hasHeaderValue("Message-ID", "<2@example.com>"));
        then(message).isEqualTo("\n" + """
                Expecting a Message-ID header of email s1.1 to be:
                  "<2@example.com>"
                but was:
                  "<1@example.com>\"""" + SIMPLE_CONTEXT);
    }

    @Test
    void hasHeaderValueFailsOnAnAbsentHeader() {
        String message = failureOf(() -> assertThat(simple).hasHeaderValue("X-Mailer", "smtp-testkit"));
        then(message).isEqualTo("\n" + """
                Expecting a X-Mailer header of email s1.1 to be:
                  "smtp-testkit"
                but was:
                  (absent)""" + SIMPLE_CONTEXT);
    }

    @Test
    void hasRequiredHeadersPassesWithDateAndFrom() {
        assertThat(simple).hasRequiredHeaders();
    }

    @Test
    void hasRequiredHeadersFailsNamingTheMissingHeader() {
        String message = failureOf(() -> assertThat(multipart).hasRequiredHeaders());
        then(message).isEqualTo("\nExpecting email s1.1 to have the headers RFC 5322 3.6 requires (Date, From) but"
                + " Date is missing." + MULTIPART_CONTEXT);
    }

    @Test
    void hasSizeLessThanPasses() {
        assertThat(simple).hasSizeLessThan(312);
    }

    @Test
    void hasSizeLessThanFails() {
        String message = failureOf(() -> assertThat(simple).hasSizeLessThan(311));
        then(message).isEqualTo("\nExpecting the size of email s1.1 to be less than 311 bytes but it is 311 bytes."
                + SIMPLE_CONTEXT);
    }

    @Test
    void theEmailInAFailureShowsTheFirstFiveBodyLinesSayingHowManyMoreThereWere() {
        // GIVEN a text body of eight lines
        ReceivedEmail long8 = TestMail.receive("a@example.com", List.of("b@example.com"),
                "From: a@example.com\nTo: b@example.com\nSubject: Long\n\none\ntwo\nthree\nfour\nfive\nsix\nseven\n"
                        + "eight\n");
        // WHEN
        String message = failureOf(() -> assertThat(long8).hasSubject("Short"));
        // THEN
        then(message).isEqualTo("\n" + """
                Expecting the subject of email s1.1 to be:
                  "Short"
                but was:
                  "Long"
                Email:
                  email s1.1 (105 bytes)
                    envelope: MAIL FROM:<a@example.com> RCPT TO:[<b@example.com>]
                    From: a@example.com
                    To: b@example.com
                    Subject: Long
                    Content-Type: text/plain
                    | one
                    | two
                    | three
                    | four
                    | five
                    | ... 3 more lines""");
    }

    @Test
    void aDescriptionPrefixesTheMessage() {
        String message = failureOf(() -> assertThat(simple).as("welcome mail").hasSubject("Goodbye"));
        then(message).startsWith("[welcome mail] \nExpecting the subject of email s1.1 to be:");
    }
}
