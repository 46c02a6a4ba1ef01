package dev.smtptestkit.internal.mime;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.internal.content.Content;
import dev.smtptestkit.internal.content.ContentStream;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The parsed view of one message, built once from the received blocks. A {@link ContentStream}
 * (a {@code SharedInputStream}) lets Jakarta Mail keep references into those blocks instead of
 * copying the content.
 */
public final class MimeView {

    private static final Session SESSION = Session.getInstance(new Properties());

    private final MimeMessage message;
    private final List<Header> headerList;
    private final String text;
    private final String html;
    private final List<Attachment> attachments;
    private final List<Attachment> inline;
    private final String structure;

    private MimeView(MimeMessage message) throws MessagingException, IOException {
        this.message = message;
        this.headerList = Collections.list(message.getAllHeaders());
        Walk walk = new Walk();
        walk.visit(message, 0);
        this.text = walk.text;
        this.html = walk.html;
        this.attachments = List.copyOf(walk.attachments);
        this.inline = List.copyOf(walk.inline);
        this.structure = walk.structure.toString().stripTrailing();
    }

    /** Parses the message; a message Jakarta Mail cannot read fails with a clear exception. */
    public static MimeView parse(Content content) {
        try {
            return new MimeView(new MimeMessage(SESSION, content.stream()));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("The received message cannot be parsed as MIME: " + e.getMessage()
                    + ". Its raw octets are still available from rawBytes().", e);
        }
    }

    public MimeMessage message() {
        return message;
    }

    public String subject() {
        return headers("Subject").stream().findFirst().orElse("");
    }

    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (Header h : headerList) {
            if (h.getName().equalsIgnoreCase(name)) {
                values.add(decode(h.getValue()));
            }
        }
        return values;
    }

    public List<String> headerNames() {
        return headerList.stream().map(Header::getName).toList();
    }

    static String decode(String raw) {
        String unfolded = MimeUtility.unfold(raw == null ? "" : raw).strip();
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (UnsupportedEncodingException e) {
            return unfolded;
        }
    }

    public List<String> addresses(String header) {
        List<String> out = new ArrayList<>();
        for (Header h : headerList) {
            if (!h.getName().equalsIgnoreCase(header)) {
                continue;
            }
            try {
                for (InternetAddress a : InternetAddress.parseHeader(h.getValue(), false)) {
                    if (a.isGroup()) {
                        for (InternetAddress member : a.getGroup(false)) {
                            out.add(member.getAddress());
                        }
                    } else {
                        out.add(a.getAddress());
                    }
                }
            } catch (AddressException e) {
                out.add(decode(h.getValue())); // keep what the client wrote rather than hide it
            }
        }
        return out;
    }

    public Optional<String> textBody() {
        return Optional.ofNullable(text);
    }

    public Optional<String> htmlBody() {
        return Optional.ofNullable(html);
    }

    public List<Attachment> attachments() {
        return attachments;
    }

    public List<Attachment> inlineParts() {
        return inline;
    }

    public String contentType() {
        return baseType(message);
    }

    public String structure() {
        return structure;
    }

    static String baseType(Part part) {
        try {
            return new ContentType(part.getContentType() == null ? "text/plain" : part.getContentType())
                    .getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return "text/plain";
        }
    }

    private static final class Walk {
        private String text;
        private String html;
        private final List<Attachment> attachments = new ArrayList<>();
        private final List<Attachment> inline = new ArrayList<>();
        private final StringBuilder structure = new StringBuilder();

        void visit(Part part, int depth) throws MessagingException, IOException {
            String type = baseType(part);
            structure.append("  ".repeat(depth)).append(type).append('\n');
            if (type.startsWith("multipart/")) {
                Object content = part.getContent();
                if (content instanceof Multipart multipart) {
                    for (int i = 0; i < multipart.getCount(); i++) {
                        BodyPart child = multipart.getBodyPart(i);
                        visit(child, depth + 1);
                    }
                }
                return;
            }
            String disposition = part.getDisposition();
            String fileName = fileName(part);
            boolean isAttachment = Part.ATTACHMENT.equalsIgnoreCase(disposition)
                    || (fileName != null && !Part.INLINE.equalsIgnoreCase(disposition));
            boolean isText = type.equals("text/plain") || type.equals("text/html");
            if (!isAttachment && isText && fileName == null) {
                String body = readText(part);
                if (type.equals("text/plain") && text == null) {
                    text = body;
                    return;
                }
                if (type.equals("text/html") && html == null) {
                    html = body;
                    return;
                }
            }
            if (depth == 0 && !isAttachment && isText) {
                return;
            }
            String contentId = part instanceof MimePart mp && mp.getContentID() != null
                    ? mp.getContentID().replaceAll("^<|>$", "") : "";
            Attachment a = new Attachment(fileName == null ? "" : fileName, type, charset(part), contentId,
                    !isAttachment, readBytes(part));
            (isAttachment ? attachments : inline).add(a);
        }

        private static String fileName(Part part) {
            try {
                String name = part.getFileName();
                return name == null ? null : MimeView.decode(name);
            } catch (MessagingException e) {
                return null;
            }
        }

        private static String charset(Part part) throws MessagingException {
            try {
                String cs = new ContentType(part.getContentType()).getParameter("charset");
                return cs == null ? "" : cs;
            } catch (ParseException e) {
                return "";
            }
        }

        private static byte[] readBytes(Part part) throws MessagingException, IOException {
            try (InputStream in = part.getInputStream()) {
                return in.readAllBytes();
            }
        }

        private static String readText(Part part) throws MessagingException, IOException {
            String cs = charset(part);
            Charset charset;
            try {
                charset = cs.isEmpty() ? StandardCharsets.US_ASCII : Charset.forName(MimeUtility.javaCharset(cs));
            } catch (IllegalArgumentException e) {
                charset = StandardCharsets.UTF_8;
            }
            if (cs.isEmpty()) {
                charset = StandardCharsets.UTF_8; // a superset of the RFC 2045 default (US-ASCII) that keeps 8-bit text readable
            }
            return new String(readBytes(part), charset);
        }
    }
}
