package dev.smtptestkit;

import dev.smtptestkit.internal.content.Content;
import dev.smtptestkit.internal.format.Render;
import dev.smtptestkit.internal.mime.MimeView;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message the receiver accepted: its {@link Envelope}, the octets exactly as received (after
 * dot-unstuffing, with no header added), and a parsed view. The octets stay in the blocks they
 * were received into (never joined into one array); the MIME parse happens on first use, over
 * those blocks, without copying them.
 *
 * <pre>{@code
 * ReceivedEmail email = mailbox.singleEmail();
 * assertEquals("Welcome", email.subject());
 * assertEquals(List.of("new.user@example.com"), email.to());
 * assertTrue(email.textBody().orElseThrow().contains("activate"));
 * }</pre>
 *
 * <p>(Why over 300 lines: about half is Javadoc of the accessors a test reads; MIME parsing is in
 * {@code internal.mime} and content handling in {@code internal.content}.)
 */
public final class ReceivedEmail {

    private final String id;
    private final Envelope envelope;
    private final Content content;
    private final Instant receivedAt;
    private final boolean replySent;
    private volatile MimeView view;
    private volatile DeliveryResult relayResult; // set once, before the email is recorded

    /**
     * Wraps received octets. The array is kept, not copied; the caller must not change it.
     *
     * @param id         the id given in the 250 reply
     * @param envelope   the envelope
     * @param data       an array holding the message in its first {@code length} octets
     * @param length     the message size
     * @param receivedAt when the end of data was received
     * @throws NullPointerException     when {@code id}, {@code envelope}, {@code data} or {@code receivedAt} is null
     * @throws IllegalArgumentException when {@code length} is negative or larger than the array
     */
    public ReceivedEmail(String id, Envelope envelope, byte[] data, int length, Instant receivedAt) {
        this(id, envelope, wrap(data, length), receivedAt);
    }

    // The receiver's way in (MailboxRecorder, beside the Mailbox): the received blocks, kept as they are.
    ReceivedEmail(String id, Envelope envelope, Content content, Instant receivedAt) {
        this(id, envelope, content, receivedAt, true);
    }

    // replySent is false when a script dropped the connection after the final dot, before the reply.
    ReceivedEmail(String id, Envelope envelope, Content content, Instant receivedAt, boolean replySent) {
        this.replySent = replySent;
        this.id = Objects.requireNonNull(id, "id");
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        this.content = Objects.requireNonNull(content, "content");
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    private static Content wrap(byte[] data, int length) {
        Objects.requireNonNull(data, "data");
        if (length < 0 || length > data.length) {
            throw new IllegalArgumentException("length " + length + " outside the array of " + data.length);
        }
        return Content.of(data, length);
    }

    /**
     * Whether the client was told that the message was accepted. False only when a script
     * ({@link SmtpScript.Rule#drop()} at {@link SmtpScript#onEndOfData()}) ended the connection
     * after the final dot and before the reply: the receiver has the message, the client cannot
     * know it, and a retry by the client would deliver it twice.
     *
     * @return true when the final reply was written
     */
    public boolean replySent() {
        return replySent;
    }

    /**
     * The id the receiver gave in its 250 reply.
     *
     * @return the id, for example {@code s1.1}
     */
    public String id() {
        return id;
    }

    /**
     * The SMTP envelope: sender, recipients (Bcc included), parameters, HELO name, session.
     *
     * @return the envelope
     */
    public Envelope envelope() {
        return envelope;
    }

    /**
     * When the end of data was received.
     *
     * @return the time
     */
    public Instant receivedAt() {
        return receivedAt;
    }

    /**
     * The message size.
     *
     * @return the number of octets received (after dot-unstuffing)
     */
    public int size() {
        return content.length();
    }

    /**
     * The message octets exactly as received (dot-unstuffed, CRLF line ends kept).
     *
     * @return a new copy on every call
     */
    public byte[] rawBytes() {
        return content.toArray();
    }

    /**
     * The message octets as a stream, without copying them.
     *
     * @return a new stream over the message on every call
     */
    public InputStream rawStream() {
        return content.stream();
    }

    /**
     * The message decoded as UTF-8 (invalid sequences replaced), for quick looks and logs.
     *
     * @return the whole message as text, headers included
     */
    public String rawText() {
        return content.text(0, content.length());
    }

    /**
     * The parsed Jakarta Mail message. Parsed on first call; later calls return the same object.
     *
     * @return the message
     * @throws IllegalStateException when not even the header section can be read
     */
    public MimeMessage mimeMessage() {
        return view().message();
    }

    /**
     * The decoded Subject header (RFC 2047; UTF-8 as RFC 6532 allows). The header accessors read
     * the header section on first use and decode each header once; later calls return the same
     * value. They keep working when a body part is broken.
     *
     * @return the subject, or "" when there is none
     */
    public String subject() {
        return view().subject();
    }

    /**
     * The addresses of the From header.
     *
     * @return the addresses in order ({@code a@example.com}, without display names), possibly none
     */
    public List<String> from() {
        return view().addresses("From");
    }

    /**
     * The addresses of the To header.
     *
     * @return the addresses in order, without display names, possibly none
     */
    public List<String> to() {
        return view().addresses("To");
    }

    /**
     * The addresses of the Cc header.
     *
     * @return the addresses in order, without display names, possibly none
     */
    public List<String> cc() {
        return view().addresses("Cc");
    }

    /**
     * The addresses of the Reply-To header.
     *
     * @return the addresses in order, without display names, possibly none
     */
    public List<String> replyTo() {
        return view().addresses("Reply-To");
    }

    /**
     * The first value of a header, unfolded and RFC 2047 decoded, or empty.
     *
     * @param name the header name, case-insensitive
     * @return the first value, or empty when the header is absent
     */
    public Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Every value of a header, unfolded and RFC 2047 decoded.
     *
     * @param name the header name, case-insensitive
     * @return the values in order, possibly none
     */
    public List<String> headers(String name) {
        return view().headers(name);
    }

    /**
     * The names of all headers.
     *
     * @return the names in order, with repeats
     */
    public List<String> headerNames() {
        return view().headerNames();
    }

    /**
     * The first {@code text/plain} part that is not an attachment, decoded. The body accessors walk
     * the MIME tree once, on first use, to a depth of 100 multipart levels.
     *
     * @return the text, or empty when there is no such part
     * @throws IllegalStateException naming the part and the reason when the part that may hold the
     *                               text cannot be decoded or lies deeper than 100 levels
     */
    public Optional<String> textBody() {
        return view().textBody();
    }

    /**
     * The first {@code text/html} part that is not an attachment, decoded.
     *
     * @return the HTML, or empty when there is no such part
     * @throws IllegalStateException naming the part and the reason when the part that may hold the
     *                               HTML cannot be decoded or lies deeper than 100 levels
     */
    public Optional<String> htmlBody() {
        return view().htmlBody();
    }

    /**
     * The parts marked as attachments (or carrying a file name without being inline).
     *
     * @return the attachments in the order of the MIME tree, possibly none
     * @throws IllegalStateException naming the part and the reason when an attachment (or a
     *                               multipart that may hold one) cannot be decoded or lies deeper than 100 levels
     */
    public List<Attachment> attachments() {
        return view().attachments();
    }

    /**
     * The inline parts that are not the text or HTML body (images referenced by Content-ID, ...).
     *
     * @return the inline parts in the order of the MIME tree, possibly none
     * @throws IllegalStateException naming the part and the reason when an inline part (or a
     *                               multipart that may hold one) cannot be decoded or lies deeper than 100 levels
     */
    public List<Attachment> inlineParts() {
        return view().inlineParts();
    }

    /**
     * The top-level media type.
     *
     * @return the type without parameters, lower case, for example {@code multipart/mixed}
     */
    public String contentType() {
        return view().contentType();
    }

    /**
     * The MIME tree as indented media types, one part per line, for example
     * {@code multipart/mixed\n  text/plain\n  application/pdf}. A part that cannot be decoded
     * carries the reason ({@code application/pdf (broken: ...)}); a multipart deeper than 100
     * levels is not read ({@code multipart/mixed (not read: nested deeper than 100 levels)}), nor
     * are parts beyond the first 10,000.
     *
     * @return the structure, one line per part
     */
    public String mimeStructure() {
        return view().structure();
    }

    private MimeView view() {
        MimeView v = view;
        if (v == null) {
            synchronized (this) {
                v = view;
                if (v == null) {
                    v = MimeView.parse(content);
                    view = v;
                }
            }
        }
        return v;
    }

    /**
     * How the receiver's relay ({@code SmtpReceiver.Builder.relay}) forwarded this email: set
     * before the email is recorded, so every email in the mailbox of a relaying receiver has it.
     *
     * @return the relay's result, or empty when the receiver does not relay
     */
    public Optional<DeliveryResult> relayResult() {
        return Optional.ofNullable(relayResult);
    }

    // MailboxRecorder's way in, before the email is recorded.
    void relayed(DeliveryResult result) {
        this.relayResult = result;
    }

    @Override
    public String toString() {
        return Render.emailSummary(this);
    }
}
