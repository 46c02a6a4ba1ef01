package dev.smtptestkit.internal.mime;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.internal.content.Content;
import dev.smtptestkit.internal.mime.BodyWalk.Gap;
import dev.smtptestkit.internal.mime.BodyWalk.Scope;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The parsed view of one message, built from the received blocks. A {@code ContentStream} (a
 * {@code SharedInputStream}) lets Jakarta Mail keep references into those blocks instead of
 * copying the content.
 *
 * <p>Two layers that fail apart: the header section is read at once (Jakarta Mail's header parser
 * is linear) and every value is decoded once, on first request, then cached; the body is walked
 * once, on first request, part by part ({@link BodyWalk}), and a part that cannot be read is named
 * with its reason instead of failing the headers or the other parts.
 */
public final class MimeView {

    /** How many nesting levels of multiparts are read (see {@code mimeStructure()}). */
    public static final int MAX_DEPTH = BodyWalk.MAX_DEPTH;

    private static final Session SESSION = session();

    private final MimeMessage message;
    private final List<Header> headerList;
    private final Map<String, List<String>> decoded = new ConcurrentHashMap<>();
    private final Map<String, List<String>> addresses = new ConcurrentHashMap<>();
    private volatile BodyWalk body;

    private MimeView(MimeMessage message) throws MessagingException {
        this.message = message;
        this.headerList = Collections.list(message.getAllHeaders());
    }

    // RFC 6532 3.2 allows UTF-8 in header values; the octets of an 8-bit header in any message are
    // far more often UTF-8 than Latin-1 (Jakarta Mail's reading without this flag), so read them so.
    private static Session session() {
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", "true");
        return Session.getInstance(props);
    }

    /**
     * Reads the header section of the message; the body is read on first use of a body accessor.
     *
     * @param content the message octets
     * @return the view
     * @throws IllegalStateException when not even the header section can be read
     */
    public static MimeView parse(Content content) {
        try {
            return new MimeView(new MimeMessage(SESSION, content.stream()));
        } catch (MessagingException e) {
            throw new IllegalStateException("The received message cannot be parsed as MIME: " + e.getMessage()
                    + ". Its raw octets are still available from rawBytes().", e);
        }
    }

    /** The Jakarta Mail message (headers read, body parsed by Jakarta Mail on its own use). */
    public MimeMessage message() {
        return message;
    }

    /** The first Subject, decoded, or "". */
    public String subject() {
        List<String> values = headers("Subject");
        return values.isEmpty() ? "" : values.get(0);
    }

    /** Every value of the header, unfolded and decoded; computed once per name. */
    public List<String> headers(String name) {
        return collect(decoded, name, value -> List.of(HeaderText.decode(value)));
    }

    /** The header names in order, with repeats. */
    public List<String> headerNames() {
        return headerList.stream().map(Header::getName).toList();
    }

    /** The bare addresses of every such header; computed once per name. */
    public List<String> addresses(String header) {
        return collect(addresses, header, HeaderText::addresses);
    }

    // What each header of that name yields, in header order, computed on the first request only.
    private List<String> collect(Map<String, List<String>> cache, String name, Function<String, List<String>> read) {
        return cache.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> {
            List<String> out = new ArrayList<>();
            for (Header h : headerList) {
                if (h.getName().equalsIgnoreCase(key)) {
                    out.addAll(read.apply(h.getValue()));
                }
            }
            return List.copyOf(out);
        });
    }

    /** The first text/plain body part, decoded. */
    public Optional<String> textBody() {
        BodyWalk walk = body();
        return walk.text != null ? Optional.of(walk.text) : absent(walk, Scope.TEXT);
    }

    /** The first text/html body part, decoded. */
    public Optional<String> htmlBody() {
        BodyWalk walk = body();
        return walk.html != null ? Optional.of(walk.html) : absent(walk, Scope.HTML);
    }

    /** The attachments, unless one of them (or a multipart that may hold one) is unreadable. */
    public List<Attachment> attachments() {
        BodyWalk walk = body();
        absent(walk, Scope.ATTACHMENTS);
        return List.copyOf(walk.attachments);
    }

    /** The inline parts, unless one of them (or a multipart that may hold one) is unreadable. */
    public List<Attachment> inlineParts() {
        BodyWalk walk = body();
        absent(walk, Scope.INLINE);
        return List.copyOf(walk.inline);
    }

    /** The top-level media type, lower case, without parameters. */
    public String contentType() {
        return BodyWalk.baseType(message);
    }

    /** The MIME tree, one part per line, with a note on each part that was not read. */
    public String structure() {
        return body().structure.toString().stripTrailing();
    }

    // Empty when nothing is missing; else the part that may hold what was asked for cannot be read.
    private static <T> Optional<T> absent(BodyWalk walk, Scope scope) {
        Optional<Gap> gap = walk.gap(scope);
        if (gap.isPresent()) {
            throw new IllegalStateException(gap.get().describe()
                    + ". The headers, mimeStructure() and rawBytes() are still available.");
        }
        return Optional.empty();
    }

    private BodyWalk body() {
        BodyWalk walk = body;
        if (walk == null) {
            synchronized (this) {
                walk = body;
                if (walk == null) {
                    walk = BodyWalk.of(message);
                    body = walk;
                }
            }
        }
        return walk;
    }
}
