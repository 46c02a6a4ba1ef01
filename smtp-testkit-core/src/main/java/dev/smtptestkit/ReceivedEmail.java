package dev.smtptestkit;

import dev.smtptestkit.internal.format.Render;
import dev.smtptestkit.internal.mime.MimeView;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message the receiver accepted: its {@link Envelope}, the octets exactly as received (after
 * dot-unstuffing, with no header added), and a parsed view. The MIME parse happens on first use,
 * from the same array, without copying it.
 *
 * <pre>{@code
 * ReceivedEmail email = mailbox.singleEmail();
 * assertEquals("Welcome", email.subject());
 * assertEquals(List.of("new.user@example.com"), email.to());
 * assertTrue(email.textBody().orElseThrow().contains("activate"));
 * }</pre>
 */
public final class ReceivedEmail {

    private final String id;
    private final Envelope envelope;
    private final byte[] data;
    private final int length;
    private final Instant receivedAt;
    private volatile MimeView view;

    /**
     * Wraps received octets. The array is kept, not copied; the caller must not change it.
     *
     * @param id         the id given in the 250 reply
     * @param envelope   the envelope
     * @param data       an array holding the message in its first {@code length} octets
     * @param length     the message size
     * @param receivedAt when the end of data was received
     */
    public ReceivedEmail(String id, Envelope envelope, byte[] data, int length, Instant receivedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        this.data = Objects.requireNonNull(data, "data");
        if (length < 0 || length > data.length) {
            throw new IllegalArgumentException("length " + length + " outside the array of " + data.length);
        }
        this.length = length;
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The id the receiver gave in its 250 reply, for example {@code s1.1}. */
    public String id() {
        return id;
    }

    /** The SMTP envelope: sender, recipients (Bcc included), parameters, HELO name, session. */
    public Envelope envelope() {
        return envelope;
    }

    /** When the end of data was received. */
    public Instant receivedAt() {
        return receivedAt;
    }

    /** The message size in octets. */
    public int size() {
        return length;
    }

    /** A copy of the message octets exactly as received (dot-unstuffed, CRLF line ends kept). */
    public byte[] rawBytes() {
        return Arrays.copyOf(data, length);
    }

    /** The message octets as a stream, without copying them. */
    public InputStream rawStream() {
        return new ByteArrayInputStream(data, 0, length);
    }

    /** The message decoded as UTF-8 (invalid sequences replaced), for quick looks and logs. */
    public String rawText() {
        return new String(data, 0, length, StandardCharsets.UTF_8);
    }

    /** The parsed Jakarta Mail message. Parsed on first call; later calls return the same object. */
    public MimeMessage mimeMessage() {
        return view().message();
    }

    /** The decoded Subject header (RFC 2047), or "" when there is none. */
    public String subject() {
        return view().subject();
    }

    /** The addresses of the From header, in order ({@code a@example.com}, without display names). */
    public List<String> from() {
        return view().addresses("From");
    }

    /** The addresses of the To header. */
    public List<String> to() {
        return view().addresses("To");
    }

    /** The addresses of the Cc header. */
    public List<String> cc() {
        return view().addresses("Cc");
    }

    /** The addresses of the Reply-To header. */
    public List<String> replyTo() {
        return view().addresses("Reply-To");
    }

    /**
     * The first value of a header, unfolded and RFC 2047 decoded, or empty.
     *
     * @param name the header name, case-insensitive
     */
    public Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of a header, unfolded and RFC 2047 decoded, in order. */
    public List<String> headers(String name) {
        return view().headers(name);
    }

    /** The names of all headers, in order, with repeats. */
    public List<String> headerNames() {
        return view().headerNames();
    }

    /** The first {@code text/plain} part that is not an attachment, decoded, or empty. */
    public Optional<String> textBody() {
        return view().textBody();
    }

    /** The first {@code text/html} part that is not an attachment, decoded, or empty. */
    public Optional<String> htmlBody() {
        return view().htmlBody();
    }

    /** The parts marked as attachments (or carrying a file name without being inline). */
    public List<Attachment> attachments() {
        return view().attachments();
    }

    /** The inline parts that are not the text or HTML body (images referenced by Content-ID, ...). */
    public List<Attachment> inlineParts() {
        return view().inlineParts();
    }

    /** The top-level media type without parameters, lower case, for example {@code multipart/mixed}. */
    public String contentType() {
        return view().contentType();
    }

    /**
     * The MIME tree as indented media types, one part per line, for example
     * {@code multipart/mixed\n  text/plain\n  application/pdf}.
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
                    v = MimeView.parse(data, length);
                    view = v;
                }
            }
        }
        return v;
    }

    @Override
    public String toString() {
        return Render.emailSummary(this);
    }
}
