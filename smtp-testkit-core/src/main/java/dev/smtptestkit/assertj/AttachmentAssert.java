package dev.smtptestkit.assertj;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.ReceivedEmail;
import java.util.Arrays;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one {@link Attachment} or inline part of a received email, usually reached by
 * navigation from {@link ReceivedEmailAssert#attachment(String)} or
 * {@link ReceivedEmailAssert#inlinePart(String)}. A failure shows the part and, when it was reached
 * that way, the email it belongs to.
 *
 * <pre>{@code
 * assertThat(mailbox).singleEmail()
 *         .attachment("report.csv")
 *         .hasContentType("text/csv")
 *         .hasTextContent("id;amount\r\n1;42\r\n");
 * }</pre>
 */
public class AttachmentAssert extends AbstractAssert<AttachmentAssert, Attachment> {

    // The email the part was navigated from, if any: its summary then ends every failure as well.
    private ReceivedEmail email;

    /**
     * Creates the assert; use {@link SmtpAssertions#assertThat(Attachment)}.
     *
     * @param actual the part under test
     */
    public AttachmentAssert(Attachment actual) {
        super(actual, AttachmentAssert.class);
    }

    AttachmentAssert partOf(ReceivedEmail email) {
        this.email = email;
        return this;
    }

    /**
     * Checks the decoded file name.
     *
     * @param fileName the expected file name, "" for none
     * @return this assert, for chaining
     * @throws AssertionError when the part is null or has another file name
     */
    public AttachmentAssert hasFileName(String fileName) {
        isNotNull();
        if (!actual.fileName().equals(fileName)) {
            throw fail(Messages.is(Messages.ofAttachment("the file name", actual), fileName, actual.fileName()));
        }
        return myself;
    }

    /**
     * Checks the media type without parameters, case-insensitive ({@code application/pdf}).
     *
     * @param contentType the expected media type
     * @return this assert, for chaining
     * @throws AssertionError when the part is null or has another media type
     */
    public AttachmentAssert hasContentType(String contentType) {
        isNotNull();
        if (!actual.contentType().equalsIgnoreCase(contentType)) {
            throw fail(Messages.is(Messages.ofAttachment("the content type", actual), contentType,
                    actual.contentType()));
        }
        return myself;
    }

    /**
     * Checks the decoded octets (transfer encoding removed).
     *
     * @param content the expected octets
     * @return this assert, for chaining
     * @throws AssertionError when the part is null or its content differs
     */
    public AttachmentAssert hasContent(byte[] content) {
        isNotNull();
        byte[] found = actual.content();
        if (!Arrays.equals(found, content)) {
            throw fail(Messages.is(Messages.ofAttachment("the content", actual), Messages.bytes(content),
                    Messages.bytes(found)));
        }
        return myself;
    }

    /**
     * Checks the content decoded as text in the part's charset (UTF-8 when none was given).
     *
     * @param text the expected text
     * @return this assert, for chaining
     * @throws AssertionError when the part is null or its text differs
     */
    public AttachmentAssert hasTextContent(String text) {
        isNotNull();
        if (!actual.text().equals(text)) {
            throw fail(Messages.is(Messages.ofAttachment("the text content", actual), text, actual.text()));
        }
        return myself;
    }

    /**
     * Checks the size of the decoded content in octets.
     *
     * @param octets the expected size
     * @return this assert, for chaining
     * @throws AssertionError when the part is null or has another size
     */
    public AttachmentAssert hasSize(int octets) {
        isNotNull();
        if (actual.size() != octets) {
            throw fail(Messages.count(Messages.ofAttachment("the size in bytes", actual), octets, actual.size()));
        }
        return myself;
    }

    private AssertionError fail(String head) {
        return failure(Messages.escape(Messages.withAttachment(head, actual, Optional.ofNullable(email))));
    }
}
