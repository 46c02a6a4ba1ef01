package dev.smtptestkit.assertj;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.ReceivedEmail;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one {@link ReceivedEmail}: subject, address headers, the SMTP envelope (where Bcc
 * recipients show), bodies, attachments and inline parts, any header, charset, MIME structure, size
 * and the headers RFC 5322 requires. A failure shows the email: envelope, key headers, first body lines.
 *
 * <pre>{@code
 * assertThat(mailbox).singleEmail()
 *         .hasSubject("Your invoice")
 *         .hasTo("customer@example.com")
 *         .hasBccRecipient("archive@example.com")
 *         .textBodyContains("Amount due")
 *         .attachment("invoice.pdf").hasContentType("application/pdf");
 * }</pre>
 *
 * <p>Header assertions compare decoded values (RFC 2047, unfolded); address assertions compare the
 * bare addresses ({@code a@example.com}) without display names, in header order.
 *
 * <p>The class is long because it covers the whole vocabulary of one subject; every method is a
 * small check whose wording lives in {@code Messages}.
 *
 * <p>(Why over 500 lines: it is one subject's assertion vocabulary, 33 public methods that AssertJ's
 * soft proxies need on this one class (STYLE 7), each with its Javadoc; the message texts live in
 * {@code Messages} and the body decoding in {@code BodyCharset}; the navigation into parts and
 * attachments is in {@code Navigation} and {@code AttachmentAssert}.)
 */
public class ReceivedEmailAssert extends AbstractAssert<ReceivedEmailAssert, ReceivedEmail> {

    /**
     * Creates the assert; use {@link SmtpAssertions#assertThat(ReceivedEmail)}.
     *
     * @param actual the email under test
     */
    public ReceivedEmailAssert(ReceivedEmail actual) {
        super(actual, ReceivedEmailAssert.class);
    }

    // ---- subject ----

    /**
     * Checks the decoded Subject header.
     *
     * @param expected the expected subject, compared exactly
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or its subject differs
     */
    public ReceivedEmailAssert hasSubject(String expected) {
        isNotNull();
        return equal("the subject", expected, actual.subject());
    }

    /**
     * Checks that the decoded Subject contains {@code fragment}.
     *
     * @param fragment the text the subject must contain
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or its subject lacks the fragment
     */
    public ReceivedEmailAssert subjectContains(String fragment) {
        isNotNull();
        return containing("the subject", fragment, Optional.of(actual.subject()), "");
    }

    /**
     * Checks that the whole decoded Subject matches a regular expression.
     *
     * @param regex the regular expression (DOTALL)
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or its subject does not match
     */
    public ReceivedEmailAssert subjectMatches(String regex) {
        isNotNull();
        return matching("the subject", regex, Optional.of(actual.subject()), "");
    }

    // ---- address headers ----

    /**
     * Checks the addresses of the From header, exactly and in order.
     *
     * @param addresses the expected addresses, without display names
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or the From addresses differ
     */
    public ReceivedEmailAssert hasFrom(String... addresses) {
        isNotNull();
        return equal("the From addresses", List.of(addresses), actual.from());
    }

    /**
     * Checks the addresses of the To header, exactly and in order.
     *
     * @param addresses the expected addresses, without display names
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or the To addresses differ
     */
    public ReceivedEmailAssert hasTo(String... addresses) {
        isNotNull();
        return equal("the To addresses", List.of(addresses), actual.to());
    }

    /**
     * Checks the addresses of the Cc header, exactly and in order.
     *
     * @param addresses the expected addresses, without display names
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or the Cc addresses differ
     */
    public ReceivedEmailAssert hasCc(String... addresses) {
        isNotNull();
        return equal("the Cc addresses", List.of(addresses), actual.cc());
    }

    /**
     * Checks the addresses of the Reply-To header, exactly and in order.
     *
     * @param addresses the expected addresses, without display names
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or the Reply-To addresses differ
     */
    public ReceivedEmailAssert hasReplyTo(String... addresses) {
        isNotNull();
        return equal("the Reply-To addresses", List.of(addresses), actual.replyTo());
    }

    // ---- envelope ----

    /**
     * Checks the envelope sender (the MAIL FROM reverse path; "" for the null path).
     *
     * @param address the expected reverse path, compared exactly
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or its envelope sender differs
     */
    public ReceivedEmailAssert hasEnvelopeSender(String address) {
        isNotNull();
        return equal("the envelope sender (MAIL FROM)", address, actual.envelope().sender());
    }

    /**
     * Checks every envelope recipient (RCPT TO, Bcc included), exactly and in order.
     *
     * @param addresses the expected forward paths, compared exactly
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or its envelope recipients differ
     */
    public ReceivedEmailAssert hasEnvelopeRecipients(String... addresses) {
        isNotNull();
        return equal("the envelope recipients (RCPT TO)", List.of(addresses), actual.envelope().recipients());
    }

    /**
     * Checks that this address is one of the envelope recipients, case-insensitive.
     *
     * @param address the recipient
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or the address is not an envelope recipient
     */
    public ReceivedEmailAssert hasEnvelopeRecipient(String address) {
        isNotNull();
        if (!containsIgnoringCase(actual.envelope().recipients(), address)) {
            throw fail(Messages.missing("<" + address + "> among the envelope recipients of email " + actual.id(),
                    "they were " + actual.envelope().recipients()));
        }
        return myself;
    }

    /**
     * Checks that the email came over TLS: STARTTLS (RFC 3207) or implicit TLS (RFC 8314), as
     * recorded in {@link dev.smtptestkit.Envelope#tls()}.
     *
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or its session did not use TLS
     */
    public ReceivedEmailAssert wasSentOverTls() {
        isNotNull();
        if (actual.envelope().tls().isEmpty()) {
            throw fail(Messages.missing("email " + actual.id() + " to have been sent over TLS",
                    "its session " + actual.envelope().sessionId() + " used plain SMTP"));
        }
        return myself;
    }

    /**
     * Checks who logged in with {@code AUTH} (RFC 4954) on the session this email came over, as
     * recorded in {@link dev.smtptestkit.Envelope#auth()}.
     *
     * @param user the expected user name (PLAIN's authentication identity), compared exactly
     * @return this assert, for chaining
     * @throws AssertionError when the email is null, its client did not log in, or another user did
     */
    public ReceivedEmailAssert wasAuthenticatedAs(String user) {
        isNotNull();
        Optional<String> found = actual.envelope().auth().map(AuthDetails::user);
        if (found.isEmpty()) {
            throw fail(Messages.missing("email " + actual.id() + " to have been sent by a client authenticated as "
                    + Messages.show(user), "its session " + actual.envelope().sessionId() + " did not log in"));
        }
        return equal("the authenticated user", user, found.get());
    }

    /**
     * Checks that this address received a blind copy: it is an envelope recipient (RCPT TO) but in
     * neither the To nor the Cc header. This is the only place a Bcc shows, since a sender removes
     * the Bcc header (RFC 5322 3.6.3).
     *
     * @param address the recipient, case-insensitive
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or the address is not an envelope recipient or is in To or Cc
     */
    public ReceivedEmailAssert hasBccRecipient(String address) {
        isNotNull();
        String what = "<" + address + "> to be a Bcc recipient of email " + actual.id()
                + " (in the envelope but in neither To nor Cc)";
        if (!containsIgnoringCase(actual.envelope().recipients(), address)) {
            throw fail(Messages.missing(what, "it is not an envelope recipient: "
                    + actual.envelope().recipients()));
        }
        String header = containsIgnoringCase(actual.to(), address) ? "To"
                : containsIgnoringCase(actual.cc(), address) ? "Cc" : null;
        if (header != null) {
            throw fail(Messages.missing(what, "it is in the " + header + " header"));
        }
        return myself;
    }

    // ---- bodies ----

    /**
     * Checks the decoded text/plain body, exactly.
     *
     * @param expected the expected body
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or has no text/plain body or it differs
     */
    public ReceivedEmailAssert hasTextBody(String expected) {
        isNotNull();
        return equal("the text body", Optional.of(expected), parsed("the text body", actual::textBody), "text/plain");
    }

    /**
     * Checks that the decoded text/plain body contains {@code fragment}.
     *
     * @param fragment the text the body must contain
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or has no text/plain body or it lacks the fragment
     */
    public ReceivedEmailAssert textBodyContains(String fragment) {
        isNotNull();
        return containing("the text body", fragment, parsed("the text body", actual::textBody), "text/plain");
    }

    /**
     * Checks that the whole decoded text/plain body matches a regular expression (DOTALL).
     *
     * @param regex the regular expression
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or has no text/plain body or it does not match
     */
    public ReceivedEmailAssert textBodyMatches(String regex) {
        isNotNull();
        return matching("the text body", regex, parsed("the text body", actual::textBody), "text/plain");
    }

    /**
     * Checks the decoded text/html body, exactly.
     *
     * @param expected the expected body
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or has no text/html body or it differs
     */
    public ReceivedEmailAssert hasHtmlBody(String expected) {
        isNotNull();
        return equal("the HTML body", Optional.of(expected), parsed("the HTML body", actual::htmlBody), "text/html");
    }

    /**
     * Checks that the decoded text/html body contains {@code fragment}.
     *
     * @param fragment the text the body must contain
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or has no text/html body or it lacks the fragment
     */
    public ReceivedEmailAssert htmlBodyContains(String fragment) {
        isNotNull();
        return containing("the HTML body", fragment, parsed("the HTML body", actual::htmlBody), "text/html");
    }

    /**
     * Checks that the whole decoded text/html body matches a regular expression (DOTALL).
     *
     * @param regex the regular expression
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or has no text/html body or it does not match
     */
    public ReceivedEmailAssert htmlBodyMatches(String regex) {
        isNotNull();
        return matching("the HTML body", regex, parsed("the HTML body", actual::htmlBody), "text/html");
    }

    // ---- attachments and inline parts ----

    /**
     * Checks the number of attachments (inline parts not counted).
     *
     * @param count the expected number of attachments
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or has another number of attachments
     */
    public ReceivedEmailAssert hasAttachmentCount(int count) {
        isNotNull();
        int found = parsed("the attachments", actual::attachments).size();
        if (found != count) {
            throw fail(Messages.count(Messages.ofEmail("the number of attachments", actual), count, found));
        }
        return myself;
    }

    /**
     * Checks that an attachment with this file name exists.
     *
     * @param fileName the file name, compared exactly
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or has no attachment of that name
     */
    public ReceivedEmailAssert hasAttachment(String fileName) {
        attachment(fileName);
        return myself;
    }

    /**
     * Navigates to the attachment with this file name.
     *
     * @param fileName the file name, compared exactly
     * @return an assert on the first attachment of that name
     * @throws AssertionError when the email is null or has no attachment of that name
     */
    public AttachmentAssert attachment(String fileName) {
        isNotNull();
        Attachment found = find(parsed("the attachments", actual::attachments), Attachment::fileName, fileName,
                "an attachment named \"" + fileName + "\"");
        return Navigation.from(this, new AttachmentAssert(found).partOf(actual));
    }

    /**
     * Checks that an inline part (not the body) with this Content-ID exists, angle brackets omitted.
     *
     * @param contentId the Content-ID, compared exactly
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or has no inline part with that Content-ID
     */
    public ReceivedEmailAssert hasInlinePart(String contentId) {
        inlinePart(contentId);
        return myself;
    }

    /**
     * Navigates to the inline part with this Content-ID, angle brackets omitted.
     *
     * @param contentId the Content-ID, compared exactly
     * @return an assert on the first inline part with that Content-ID
     * @throws AssertionError when the email is null or has no inline part with that Content-ID
     */
    public AttachmentAssert inlinePart(String contentId) {
        isNotNull();
        Attachment found = find(parsed("the inline parts", actual::inlineParts), Attachment::contentId, contentId,
                "an inline part <" + contentId + ">");
        return Navigation.from(this, new AttachmentAssert(found).partOf(actual));
    }

    // ---- headers and MIME ----

    /**
     * Checks that the header is present (name case-insensitive).
     *
     * @param name the header name
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or has no such header
     */
    public ReceivedEmailAssert hasHeader(String name) {
        isNotNull();
        if (actual.headers(name).isEmpty()) {
            throw fail(Messages.missing(Messages.ofEmail("a " + name + " header", actual), "there is none"));
        }
        return myself;
    }

    /**
     * Checks that the header is absent (name case-insensitive).
     *
     * @param name the header name
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or has such a header
     */
    public ReceivedEmailAssert doesNotHaveHeader(String name) {
        isNotNull();
        List<String> values = actual.headers(name);
        if (!values.isEmpty()) {
            throw fail(Messages.missing(Messages.ofEmail("no " + name + " header", actual),
                    "found " + Messages.show(values.get(0))));
        }
        return myself;
    }

    /**
     * Checks that one of the header's values, unfolded and RFC 2047 decoded, equals {@code value}.
     *
     * @param name  the header name, case-insensitive
     * @param value the expected decoded value, compared exactly
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or no value of the header equals {@code value}
     */
    public ReceivedEmailAssert hasHeaderValue(String name, String value) {
        isNotNull();
        List<String> values = actual.headers(name);
        if (!values.contains(value)) {
            throw fail(Messages.is(Messages.ofEmail("a " + name + " header", actual), value,
                    values.isEmpty() ? Messages.verbatim("(absent)") : values.size() == 1 ? values.get(0) : values));
        }
        return myself;
    }

    /**
     * Checks the charset parameter of the body (the first text part), case-insensitive.
     *
     * @param charset the expected charset, for example {@code utf-8}
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or the body declares another charset or none
     */
    public ReceivedEmailAssert hasCharset(String charset) {
        isNotNull();
        String found = BodyCharset.of(actual);
        if (!found.equalsIgnoreCase(charset)) {
            throw fail(Messages.is(Messages.ofEmail("the body charset", actual), charset,
                    found.isEmpty() ? Messages.verbatim("(none)") : found));
        }
        return myself;
    }

    /**
     * Checks that the top-level media type is {@code multipart/*}.
     *
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or its top-level media type is not multipart
     */
    public ReceivedEmailAssert isMultipart() {
        isNotNull();
        if (!actual.contentType().startsWith("multipart/")) {
            throw fail(Messages.is(Messages.ofEmail("the media type", actual), "multipart/*", actual.contentType()));
        }
        return myself;
    }

    /**
     * Checks the MIME tree, one media type per line, children indented by two spaces, for example
     * {@code "multipart/mixed\n  text/plain\n  application/pdf"}.
     *
     * @param structure the expected tree, compared exactly
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or its MIME structure differs
     */
    public ReceivedEmailAssert hasMimeStructure(String structure) {
        isNotNull();
        return equal("the MIME structure", structure, actual.mimeStructure());
    }

    /**
     * Checks that the message is smaller than {@code octets} (its size as received).
     *
     * @param octets the exclusive upper bound
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or its size is {@code octets} or more
     */
    public ReceivedEmailAssert hasSizeLessThan(int octets) {
        isNotNull();
        if (actual.size() >= octets) {
            throw fail(Messages.missing(Messages.ofEmail("the size", actual) + " to be less than " + octets
                    + " bytes", "it is " + actual.size() + " bytes"));
        }
        return myself;
    }

    /**
     * Checks that the headers RFC 5322 3.6 requires, Date and From, are present.
     *
     * @return this assert, for chaining
     * @throws AssertionError when the email is null or lacks Date or From
     */
    public ReceivedEmailAssert hasRequiredHeaders() {
        isNotNull();
        List<String> missing = List.of("Date", "From").stream().filter(h -> actual.headers(h).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw fail(Messages.missing("email " + actual.id() + " to have the headers RFC 5322 3.6 requires"
                    + " (Date, From)", String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " missing"));
        }
        return myself;
    }

    // ---- helpers ----

    private ReceivedEmailAssert equal(String what, Object expected, Object found) {
        if (!expected.equals(found)) {
            throw fail(Messages.is(Messages.ofEmail(what, actual), expected, found));
        }
        return myself;
    }

    private ReceivedEmailAssert equal(String what, Optional<String> expected, Optional<String> found, String type) {
        requirePart(what, found, type);
        return equal(what, expected.orElseThrow(), found.orElseThrow());
    }

    private ReceivedEmailAssert containing(String what, String fragment, Optional<String> found, String type) {
        requirePart(what, found, type);
        if (!found.orElseThrow().contains(fragment)) {
            throw fail(Messages.contains(Messages.ofEmail(what, actual), fragment, found.orElseThrow()));
        }
        return myself;
    }

    private ReceivedEmailAssert matching(String what, String regex, Optional<String> found, String type) {
        requirePart(what, found, type);
        if (!Pattern.compile(regex, Pattern.DOTALL).matcher(found.orElseThrow()).matches()) {
            throw fail(Messages.matches(Messages.ofEmail(what, actual), regex, found.orElseThrow()));
        }
        return myself;
    }

    private void requirePart(String what, Optional<String> found, String type) {
        if (found.isEmpty()) {
            throw fail(Messages.missing(Messages.ofEmail(what, actual), "it has no " + type + " part"));
        }
    }

    private Attachment find(List<Attachment> parts, Function<Attachment, String> key, String value, String wanted) {
        for (Attachment part : parts) {
            if (key.apply(part).equals(value)) {
                return part;
            }
        }
        throw fail(Messages.withList(Messages.missing(wanted + " in email " + actual.id(), "there is none"),
                "Parts", parts));
    }

    // A body accessor whose part cannot be read fails the assertion (so a soft block keeps
    // collecting), naming the part and the reason, instead of throwing IllegalStateException.
    private <T> T parsed(String what, Supplier<T> accessor) {
        try {
            return accessor.get();
        } catch (IllegalStateException unreadable) {
            throw fail(Messages.unreadable(Messages.ofEmail(what, actual), unreadable.getMessage()));
        }
    }

    private static boolean containsIgnoringCase(List<String> addresses, String address) {
        return addresses.stream().anyMatch(a -> a.equalsIgnoreCase(address));
    }

    private AssertionError fail(String head) {
        return failure(Messages.escape(Messages.withEmail(head, actual)));
    }
}
