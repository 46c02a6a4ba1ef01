package dev.smtptestkit;

import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A decoded MIME part of a {@link ReceivedEmail} that is an attachment or an inline part (an
 * image referenced from HTML by its Content-ID, for example).
 *
 * @param fileName    the file name (RFC 2231 / RFC 2047 decoded), or "" when none was given
 * @param contentType the media type without parameters, lower case, for example {@code application/pdf}
 * @param charset     the charset parameter, or "" when none was given
 * @param contentId   the Content-ID without angle brackets, or ""
 * @param inline      whether the part is inline rather than an attachment
 * @param content     the decoded octets (transfer encoding removed)
 */
public record Attachment(String fileName, String contentType, String charset, String contentId, boolean inline,
                         byte[] content) {

    /**
     * Checks the text components and copies the content, so later changes to the caller's array
     * do not show.
     *
     * @param fileName    the file name, or ""
     * @param contentType the media type without parameters, lower case
     * @param charset     the charset parameter, or ""
     * @param contentId   the Content-ID without angle brackets, or ""
     * @param inline      whether the part is inline
     * @param content     the decoded octets; copied
     * @throws NullPointerException when a component other than {@code inline} is null
     */
    public Attachment {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(contentId, "contentId");
        content = content.clone();
    }

    /**
     * The decoded octets.
     *
     * @return a new copy on every call
     */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /**
     * The size of the decoded content.
     *
     * @return the number of decoded octets
     */
    public int size() {
        return content.length;
    }

    /**
     * The content as text in the part's charset; UTF-8 when none was given or the charset is
     * unknown to the JVM.
     *
     * @return the decoded text
     */
    public String text() {
        Charset cs;
        try {
            cs = charset.isEmpty() ? java.nio.charset.StandardCharsets.UTF_8 : Charset.forName(charset);
        } catch (IllegalArgumentException e) {
            cs = java.nio.charset.StandardCharsets.UTF_8;
        }
        return new String(content, cs);
    }

    /**
     * The file name, if one was given.
     *
     * @return the file name, or empty when {@link #fileName()} is ""
     */
    public Optional<String> optionalFileName() {
        return fileName.isEmpty() ? Optional.empty() : Optional.of(fileName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attachment a && fileName.equals(a.fileName) && contentType.equals(a.contentType)
                && charset.equals(a.charset) && contentId.equals(a.contentId) && inline == a.inline
                && Arrays.equals(content, a.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileName, contentType, contentId, inline) * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return (inline ? "inline " : "attachment ") + (fileName.isEmpty() ? "(no name)" : fileName) + " ("
                + contentType + ", " + content.length + " bytes)";
    }
}
