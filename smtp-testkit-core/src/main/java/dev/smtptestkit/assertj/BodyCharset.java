package dev.smtptestkit.assertj;

import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.internal.mime.MimeView;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import java.io.IOException;
import java.util.Locale;

/** The charset of an email's body: the parameter of its first text part that is not an attachment. */
final class BodyCharset {

    private BodyCharset() {
    }

    /** The charset, lower case, or "" when the body declares none (RFC 2045 5.2 then means US-ASCII). */
    static String of(ReceivedEmail email) {
        try {
            return charsetOf(email.mimeMessage(), 0);
        } catch (MessagingException | IOException | RuntimeException e) {
            return ""; // an unreadable part declares nothing readable
        }
    }

    // Bounded like the parsed view (MimeView.MAX_DEPTH levels), so a hostile nesting cannot overflow the stack.
    private static String charsetOf(Part part, int depth) throws MessagingException, IOException {
        if (depth < MimeView.MAX_DEPTH && part.isMimeType("multipart/*")
                && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String charset = charsetOf(multipart.getBodyPart(i), depth + 1);
                if (!charset.isEmpty()) {
                    return charset;
                }
            }
            return "";
        }
        if (part.isMimeType("text/*") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            String charset = new ContentType(part.getContentType()).getParameter("charset");
            return charset == null ? "" : charset.toLowerCase(Locale.ROOT);
        }
        return "";
    }
}
