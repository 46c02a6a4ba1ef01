package dev.smtptestkit.internal.mime;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.internal.format.Render;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import jakarta.mail.internet.SharedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One walk over the MIME tree, part by part, that never gives up on the whole message: a part that
 * cannot be decoded (bad base64, an unknown transfer encoding, a multipart without its boundary)
 * becomes a {@link Gap} naming the part and the reason, and the walk goes on with the next one.
 * The walk is bounded: {@link #MAX_DEPTH} nesting levels and {@link #MAX_PARTS} parts, so a hostile
 * message costs at most that many boundary scans and lines of structure, and the Java stack never
 * holds more than about a hundred frames of it.
 */
final class BodyWalk {

    /** How many multipart levels are read below the top; deeper parts are named but not read. */
    static final int MAX_DEPTH = 100;
    /** How many parts are read in all; the rest are named but not read. */
    static final int MAX_PARTS = 10_000;

    /** What a gap can hide from the accessors. */
    enum Scope { TEXT, HTML, ATTACHMENTS, INLINE, ALL }

    /** A part the walk could not read, where it is and why. */
    record Gap(String path, String type, String reason, Scope scope) {
        String describe() {
            return (path.isEmpty() ? "The body" : "Part " + path) + " (" + type + ") " + reason;
        }
    }

    String text;
    String html;
    final List<Attachment> attachments = new ArrayList<>();
    final List<Attachment> inline = new ArrayList<>();
    final List<Gap> gaps = new ArrayList<>();
    final StringBuilder structure = new StringBuilder();
    private boolean textSeen;
    private boolean htmlSeen;
    private int parts;

    static BodyWalk of(MimeMessage message) {
        BodyWalk walk = new BodyWalk();
        String type = baseType(message);
        if (walk.enter(type, "", 0)) {
            if (type.startsWith("multipart/")) {
                try {
                    walk.multipart(type, message.getContentType(), message.getEncoding(), message.getRawInputStream(),
                            "", 0);
                } catch (MessagingException | RuntimeException e) {
                    walk.broken("", type, e, Scope.ALL);
                }
            } else {
                walk.leaf(message, "", 0, type);
            }
        }
        return walk;
    }

    /** The first gap that could hide what the scope asks for, if any. */
    Optional<Gap> gap(Scope scope) {
        return gaps.stream().filter(g -> g.scope() == scope || g.scope() == Scope.ALL).findFirst();
    }

    // Writes the part's structure line; false when the part is beyond the part limit.
    private boolean enter(String type, String path, int depth) {
        structure.append("  ".repeat(depth)).append(type);
        if (++parts > MAX_PARTS) {
            gap(path, type, "is beyond the first " + MAX_PARTS + " parts, which are all that is read", Scope.ALL,
                    "not read: beyond " + MAX_PARTS + " parts");
            return false;
        }
        return true;
    }

    // One multipart level: its delimiters found by Boundaries over the shared octets, each part
    // then walked from its own range. RFC 2046 5.1.
    private void multipart(String type, String contentType, String encoding, InputStream raw, String path,
                           int depth) {
        if (depth >= MAX_DEPTH) {
            // Postfix's mime_nesting_limit has the same default: no real message comes close.
            gap(path, type, "is nested deeper than " + MAX_DEPTH + " levels, where parts are not read",
                    Scope.ALL, "not read: nested deeper than " + MAX_DEPTH + " levels");
            return;
        }
        SharedInputStream shared;
        Boundaries.Split split;
        try (raw) {
            String boundary = new ContentType(contentType).getParameter("boundary");
            if (boundary == null || boundary.isEmpty()) {
                throw new MessagingException("it has no boundary parameter (RFC 2046 5.1.1)");
            }
            if (encoding != null && !IDENTITY.contains(encoding.toLowerCase(Locale.ROOT))) {
                throw new MessagingException("a multipart cannot have Content-Transfer-Encoding " + encoding
                        + " (RFC 2045 6.4)");
            }
            if (!(raw instanceof SharedInputStream s)) {
                throw new MessagingException("its octets are not shared (" + raw.getClass().getName() + ")");
            }
            shared = s;
            split = Boundaries.split(raw, boundary);
            if (split == null) {
                throw new MessagingException("no line \"--" + Render.cap(boundary, 70)
                        + "\" starts a part (RFC 2046 5.1.1)");
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            broken(path, type, e, Scope.ALL);
            return;
        }
        structure.append('\n');
        List<Boundaries.Range> ranges = split.parts();
        for (int i = 0; i < ranges.size() && parts <= MAX_PARTS; i++) {
            child(shared, ranges.get(i), path.isEmpty() ? String.valueOf(i + 1) : path + "." + (i + 1), depth + 1);
        }
    }

    private void child(SharedInputStream parent, Boundaries.Range range, String path, int depth) {
        PartHead head;
        try (InputStream in = parent.newStream(range.start(), range.end())) {
            head = PartHead.read(in);
        } catch (IOException | RuntimeException e) {
            if (enter("(unknown)", path, depth)) {
                broken(path, "(unknown)", e, Scope.ALL);
            }
            return;
        }
        String type = baseType(head.contentType());
        if (!enter(type, path, depth)) {
            return;
        }
        if (type.startsWith("multipart/")) {
            multipart(type, head.contentType(), head.encoding(),
                    parent.newStream(range.start() + head.bodyOffset(), range.end()), path, depth);
            return;
        }
        try {
            leaf(new MimeBodyPart(parent.newStream(range.start(), range.end())), path, depth, type);
        } catch (MessagingException | RuntimeException e) {
            broken(path, type, e, Scope.ALL);
        }
    }

    // RFC 2045 6.4: a multipart is never encoded; these three mean "as it is".
    private static final List<String> IDENTITY = List.of("7bit", "8bit", "binary");

    private void leaf(MimePart part, String path, int depth, String type) {
        String disposition = disposition(part);
        String fileName = fileName(part);
        boolean isAttachment = Part.ATTACHMENT.equalsIgnoreCase(disposition)
                || (fileName != null && !Part.INLINE.equalsIgnoreCase(disposition));
        boolean isText = type.equals("text/plain") || type.equals("text/html");
        Scope scope;
        if (!isAttachment && isText && fileName == null && type.equals("text/plain") && !textSeen) {
            textSeen = true;
            scope = Scope.TEXT;
        } else if (!isAttachment && isText && fileName == null && type.equals("text/html") && !htmlSeen) {
            htmlSeen = true;
            scope = Scope.HTML;
        } else if (depth == 0 && !isAttachment && isText) {
            structure.append('\n');
            return; // a second body at the top cannot exist; nothing to list
        } else {
            scope = isAttachment ? Scope.ATTACHMENTS : Scope.INLINE;
        }
        try {
            byte[] octets = readBytes(part);
            String charset = charset(part);
            switch (scope) {
                case TEXT -> text = new String(octets, javaCharset(charset));
                case HTML -> html = new String(octets, javaCharset(charset));
                default -> {
                    String contentId = contentId(part);
                    (isAttachment ? attachments : inline).add(new Attachment(fileName == null ? "" : fileName,
                            type, charset, contentId, !isAttachment, octets));
                }
            }
            structure.append('\n');
        } catch (MessagingException | IOException | RuntimeException e) {
            broken(path, type, e, scope);
        }
    }

    private void broken(String path, String type, Throwable e, Scope scope) {
        String why = why(e);
        gap(path, type, "cannot be decoded: " + why, scope, "broken: " + why);
    }

    private void gap(String path, String type, String reason, Scope scope, String note) {
        gaps.add(new Gap(path, type, reason, scope));
        structure.append(" (").append(note).append(")\n");
    }

    // The exception's own words, on one line and capped: they may quote the client's octets.
    private static String why(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Render.cap(message.replace("\r", "\\r").replace("\n", "\\n"), 200);
    }

    static String baseType(Part part) {
        try {
            return baseType(part.getContentType());
        } catch (MessagingException | RuntimeException e) {
            return "text/plain";
        }
    }

    static String baseType(String header) {
        try {
            return new ContentType(header == null ? "text/plain" : header).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "text/plain"; // RFC 2045 5.2: an unreadable Content-Type means text/plain
        }
    }

    private static String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? null : HeaderText.decode(name);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String contentId(MimePart part) throws MessagingException {
        String id = part.getContentID();
        return id == null ? "" : id.replaceAll("^<|>$", "");
    }

    private static String charset(Part part) throws MessagingException {
        try {
            String cs = new ContentType(part.getContentType()).getParameter("charset");
            return cs == null ? "" : cs;
        } catch (ParseException e) {
            return "";
        }
    }

    private static Charset javaCharset(String cs) {
        if (cs.isEmpty()) {
            return StandardCharsets.UTF_8; // a superset of the RFC 2045 default (US-ASCII) that keeps 8-bit text readable
        }
        try {
            return Charset.forName(MimeUtility.javaCharset(cs));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static byte[] readBytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }
}
