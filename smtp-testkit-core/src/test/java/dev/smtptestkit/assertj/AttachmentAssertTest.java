package dev.smtptestkit.assertj;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
import static dev.smtptestkit.assertj.TestMail.failureOf;
import static org.assertj.core.api.BDDAssertions.then;

import dev.smtptestkit.Attachment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AttachmentAssertTest {

    private static final String CONTEXT = "\nPart:\n  attachment report.csv (text/csv, 15 bytes)";

    private static Attachment report;
    private static Attachment logo;

    @BeforeAll
    static void receiveEmail() {
        var email = TestMail.multipart();
        report = email.attachments().get(0);
        logo = email.inlineParts().get(0);
    }

    @Test
    void hasFileNamePasses() {
        assertThat(report).hasFileName("report.csv");
    }

    @Test
    void hasFileNameFails() {
        String message = failureOf(() -> assertThat(report).hasFileName("report.xlsx"));
        then(message).isEqualTo("\n" + """
                Expecting the file name of attachment "report.csv" to be:
                  "report.xlsx"
                but was:
                  "report.csv\"""" + CONTEXT);
    }

    @Test
    void hasContentTypePassesIgnoringCase() {
        assertThat(report).hasContentType("TEXT/CSV");
    }

    @Test
    void hasContentTypeFails() {
        String message = failureOf(() -> assertThat(report).hasContentType("application/pdf"));
        then(message).isEqualTo("\n" + """
                Expecting the content type of attachment "report.csv" to be:
                  "application/pdf"
                but was:
                  "text/csv\"""" + CONTEXT);
    }

    @Test
    void hasContentPassesOnTheDecodedOctets() {
        // the PNG signature, base64 encoded in the message
        assertThat(logo).hasContent(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    }

    @Test
    void hasContentFailsShowingTheOctetsInHex() {
        String message = failureOf(() -> assertThat(report).hasContent("id".getBytes(StandardCharsets.US_ASCII)));
        then(message).isEqualTo("\n" + """
                Expecting the content of attachment "report.csv" to be:
                  2 bytes [69 64]
                but was:
                  15 bytes [69 64 3b 61 6d 6f 75 6e 74 0d 0a 31 3b 34 32]""" + CONTEXT);
    }

    @Test
    void hasTextContentPasses() {
        assertThat(report).hasTextContent("id;amount\r\n1;42");
    }

    @Test
    void hasTextContentFails() {
        String message = failureOf(() -> assertThat(report).hasTextContent("id;amount\r\n1;43"));
        then(message).isEqualTo("\n" + """
                Expecting the text content of attachment "report.csv" to be:
                  "id;amount\\r\\n1;43"
                but was:
                  "id;amount\\r\\n1;42\"""" + CONTEXT);
    }

    @Test
    void anInlinePartWithoutFileNameIsNamedByItsContentId() {
        String message = failureOf(() -> assertThat(logo).hasSize(9));
        then(message).isEqualTo("\nExpecting the size in bytes of inline part <logo@example.com> to be 9 but was 8."
                + "\nPart:\n  inline (no name) (image/png, 8 bytes)");
    }

    @Test
    void hasSizePasses() {
        assertThat(report).hasSize(15);
    }

    @Test
    void hasSizeFails() {
        String message = failureOf(() -> assertThat(report).hasSize(16));
        then(message).isEqualTo("\nExpecting the size in bytes of attachment \"report.csv\" to be 16 but was 15."
                + CONTEXT);
    }
}
