package dev.smtptestkit.assertj;

import static dev.smtptestkit.assertj.ReceivedEmailAssertTest.MULTIPART_CONTEXT;
import static dev.smtptestkit.assertj.ReceivedEmailAssertTest.SIMPLE_CONTEXT;
import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
import static dev.smtptestkit.assertj.TestMail.failureOf;
import static org.assertj.core.api.BDDAssertions.then;

import dev.smtptestkit.ReceivedEmail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bodies, attachments, inline parts, charset and MIME structure of {@link ReceivedEmailAssert}. */
@Timeout(10)
class ReceivedEmailBodyAssertTest {

    private static ReceivedEmail simple;
    private static ReceivedEmail multipart;

    @BeforeAll
    static void receiveEmails() {
        simple = TestMail.simple();
        multipart = TestMail.multipart();
    }

    @Test
    void hasTextBodyPassesOnTheDecodedBody() {
        assertThat(simple).hasTextBody("Hello Bob,\r\nplease activate your account.\r\n");
    }

    @Test
    void hasTextBodyFailsShowingLineEnds() {
        String message = failureOf(() -> assertThat(simple).hasTextBody("Hello Bob"));
        then(message).isEqualTo("\n" + """
                Expecting the text body of email s1.1 to be:
                  "Hello Bob"
                but was:
                  "Hello Bob,\\r\\nplease activate your account.\\r\\n\"""" + SIMPLE_CONTEXT);
    }

    @Test
    void textBodyContainsPasses() {
        assertThat(multipart).textBodyContains("42 EUR");
    }

    @Test
    void textBodyContainsFails() {
        String message = failureOf(() -> assertThat(simple).textBodyContains("password"));
        then(message).isEqualTo("\n" + """
                Expecting the text body of email s1.1 to contain:
                  "password"
                but was:
                  "Hello Bob,\\r\\nplease activate your account.\\r\\n\"""" + SIMPLE_CONTEXT);
    }

    @Test
    void textBodyMatchesPassesAcrossLines() {
        assertThat(simple).textBodyMatches("Hello .*account\\.\\s*");
    }

    @Test
    void textBodyMatchesFails() {
        String message = failureOf(() -> assertThat(multipart).textBodyMatches("Amount due: \\d+ USD"));
        then(message).isEqualTo("\n" + """
                Expecting the text body of email s1.1 to match the regular expression:
                  Amount due: \\d+ USD
                but was:
                  "Amount due: 42 EUR\"""" + MULTIPART_CONTEXT);
    }

    @Test
    void hasHtmlBodyPasses() {
        assertThat(multipart).hasHtmlBody("<p>Amount due: <b>42 EUR</b></p>");
    }

    @Test
    void hasHtmlBodyFailsWhenThereIsNoHtmlPart() {
        String message = failureOf(() -> assertThat(simple).hasHtmlBody("<p>Hello</p>"));
        then(message).isEqualTo("\nExpecting the HTML body of email s1.1 but it has no text/html part."
                + SIMPLE_CONTEXT);
    }

    @Test
    void htmlBodyContainsPasses() {
        assertThat(multipart).htmlBodyContains("<b>42 EUR</b>");
    }

    @Test
    void htmlBodyContainsFails() {
        String message = failureOf(() -> assertThat(multipart).htmlBodyContains("<b>43 EUR</b>"));
        then(message).isEqualTo("\n" + """
                Expecting the HTML body of email s1.1 to contain:
                  "<b>43 EUR</b>"
                but was:
                  "<p>Amount due: <b>42 EUR</b></p>\"""" + MULTIPART_CONTEXT);
    }

    @Test
    void htmlBodyMatchesPasses() {
        assertThat(multipart).htmlBodyMatches("<p>.*<b>\\d+ EUR</b></p>");
    }

    @Test
    void htmlBodyMatchesFails() {
        String message = failureOf(() -> assertThat(multipart).htmlBodyMatches("<div>.*"));
        then(message).isEqualTo("\n" + """
                Expecting the HTML body of email s1.1 to match the regular expression:
                  <div>.*
                but was:
                  "<p>Amount due: <b>42 EUR</b></p>\"""" + MULTIPART_CONTEXT);
    }

    @Test
    void hasAttachmentCountPassesNotCountingInlineParts() {
        assertThat(multipart).hasAttachmentCount(1);
    }

    @Test
    void hasAttachmentCountFails() {
        String message = failureOf(() -> assertThat(simple).hasAttachmentCount(1));
        then(message).isEqualTo("\nExpecting the number of attachments of email s1.1 to be 1 but was 0."
                + SIMPLE_CONTEXT);
    }

    @Test
    void hasAttachmentPasses() {
        assertThat(multipart).hasAttachment("report.csv");
    }

    @Test
    void hasAttachmentFailsListingTheParts() {
        String message = failureOf(() -> assertThat(multipart).hasAttachment("invoice.pdf"));
        then(message).isEqualTo("\n" + """
                Expecting an attachment named "invoice.pdf" in email s1.1 but there is none.
                Parts:
                  attachment report.csv (text/csv, 15 bytes)""" + MULTIPART_CONTEXT);
    }

    @Test
    void attachmentNavigatesToTheAttachment() {
        assertThat(multipart).attachment("report.csv").hasContentType("text/csv");
    }

    @Test
    void aFailureOfANavigatedPartAlsoShowsTheEmailItBelongsTo() {
        // WHEN
        String attachment = failureOf(() -> assertThat(multipart).attachment("report.csv").hasContentType("text/html"));
        String inline = failureOf(() -> assertThat(multipart).inlinePart("logo@example.com").hasSize(9));
        // THEN
        then(attachment).isEqualTo("\n" + """
                Expecting the content type of attachment "report.csv" to be:
                  "text/html"
                but was:
                  "text/csv"
                Part:
                  attachment report.csv (text/csv, 15 bytes)""" + MULTIPART_CONTEXT);
        then(inline).startsWith("\nExpecting the size in bytes of inline part <logo@example.com> to be 9 but was 8.\n"
                + "Part:\n").endsWith(MULTIPART_CONTEXT);
    }

    @Test
    void attachmentFailsOnAnEmailWithoutAttachments() {
        String message = failureOf(() -> assertThat(simple).attachment("report.csv"));
        then(message).isEqualTo("\n" + """
                Expecting an attachment named "report.csv" in email s1.1 but there is none.
                Parts:
                  (none)""" + SIMPLE_CONTEXT);
    }

    @Test
    void hasInlinePartPassesByContentId() {
        assertThat(multipart).hasInlinePart("logo@example.com");
    }

    @Test
    void hasInlinePartFails() {
        String message = failureOf(() -> assertThat(multipart).hasInlinePart("banner@example.com"));
        then(message).isEqualTo("\n" + """
                Expecting an inline part <banner@example.com> in email s1.1 but there is none.
                Parts:
                  inline (no name) (image/png, 8 bytes)""" + MULTIPART_CONTEXT);
    }

    @Test
    void inlinePartNavigatesToThePart() {
        assertThat(multipart).inlinePart("logo@example.com").hasContentType("image/png").hasSize(8);
    }

    @Test
    void inlinePartFails() {
        String message = failureOf(() -> assertThat(simple).inlinePart("logo@example.com"));
        then(message).isEqualTo("\n" + """
                Expecting an inline part <logo@example.com> in email s1.1 but there is none.
                Parts:
                  (none)""" + SIMPLE_CONTEXT);
    }

    @Test
    void hasCharsetPassesOnTheFirstTextPartOfAMultipart() {
        assertThat(multipart).hasCharset("iso-8859-1");
    }

    @Test
    void hasCharsetFails() {
        String message = failureOf(() -> assertThat(simple).hasCharset("ISO-8859-1"));
        then(message).isEqualTo("\n" + """
                Expecting the body charset of email s1.1 to be:
                  "ISO-8859-1"
                but was:
                  "utf-8\"""" + SIMPLE_CONTEXT);
    }

    @Test
    void isMultipartPasses() {
        assertThat(multipart).isMultipart();
    }

    @Test
    void isMultipartFails() {
        String message = failureOf(() -> assertThat(simple).isMultipart());
        then(message).isEqualTo("\n" + """
                Expecting the media type of email s1.1 to be:
                  "multipart/*"
                but was:
                  "text/plain\"""" + SIMPLE_CONTEXT);
    }

    @Test
    void hasMimeStructurePasses() {
        assertThat(multipart).hasMimeStructure("""
                multipart/mixed
                  multipart/related
                    multipart/alternative
                      text/plain
                      text/html
                    image/png
                  text/csv""");
    }

    @Test
    void hasMimeStructureFails() {
        String message = failureOf(() -> assertThat(simple).hasMimeStructure("multipart/alternative"));
        then(message).isEqualTo("\n" + """
                Expecting the MIME structure of email s1.1 to be:
                  "multipart/alternative"
                but was:
                  "text/plain\"""" + SIMPLE_CONTEXT);
    }
}
