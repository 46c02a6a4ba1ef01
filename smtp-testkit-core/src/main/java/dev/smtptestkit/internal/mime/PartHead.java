package dev.smtptestkit.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The two header fields of a body part that decide how the walk goes on (Content-Type and
 * Content-Transfer-Encoding) and where the part's body starts, read in one pass. A nested multipart
 * is walked from these alone; only a leaf part becomes a Jakarta Mail {@code MimeBodyPart}, because
 * creating one costs a service look-up (about a millisecond) that a thousand nested levels would multiply.
 *
 * @param contentType the unfolded Content-Type value, or null when absent (RFC 2045 5.2: text/plain)
 * @param encoding    the Content-Transfer-Encoding value, or null when absent
 * @param bodyOffset  where the body starts: after the blank line that ends the header section
 */
record PartHead(String contentType, String encoding, long bodyOffset) {

    // How much of one header line or field is kept: far more than any real Content-Type, and a
    // bound on what a hostile part can make the walk hold.
    private static final int LIMIT = 64 * 1024;

    static PartHead read(InputStream in) throws IOException {
        StringBuilder contentType = null;
        StringBuilder encoding = null;
        StringBuilder current = null; // the field being collected, or null for one we skip
        StringBuilder line = new StringBuilder();
        long pos = 0;
        int b;
        while (true) {
            line.setLength(0);
            while ((b = in.read()) >= 0 && b != '\n') {
                pos++;
                if (b != '\r' && line.length() < LIMIT) {
                    line.append((char) b); // ISO-8859-1: the values that matter here are ASCII
                }
            }
            if (b >= 0) {
                pos++;
            }
            if (line.isEmpty()) {
                return new PartHead(text(contentType), text(encoding), pos); // RFC 5322 2.1: the blank line
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                if (current != null && current.length() < LIMIT) {
                    current.append(' ').append(line, 1, line.length()); // RFC 5322 2.2.3 unfolding
                }
            } else {
                int colon = line.indexOf(":");
                String name = colon < 0 ? "" : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                current = null;
                if (name.equals("content-type") && contentType == null) {
                    contentType = current = new StringBuilder(line.substring(colon + 1));
                } else if (name.equals("content-transfer-encoding") && encoding == null) {
                    encoding = current = new StringBuilder(line.substring(colon + 1));
                }
            }
            if (b < 0) {
                return new PartHead(text(contentType), text(encoding), pos); // headers only, no body
            }
        }
    }

    private static String text(StringBuilder value) {
        return value == null ? null : value.toString().strip();
    }
}
