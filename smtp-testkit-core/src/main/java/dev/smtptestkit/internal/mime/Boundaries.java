package dev.smtptestkit.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the body parts of one multipart (RFC 2046 5.1.1) in a single pass over its octets, octet by
 * octet from a shared stream, so no part is copied. Jakarta Mail's own search costs about twenty
 * times as much per octet, which a deeply nested message multiplies by its depth.
 */
final class Boundaries {

    /** Where one part lies, as offsets into the multipart's body: headers and content, no delimiter. */
    record Range(long start, long end) {
    }

    /** The outcome: the parts, and whether a close delimiter ended them. */
    record Split(List<Range> parts, boolean closed) {
    }

    private Boundaries() {
    }

    /**
     * Splits the body at its delimiter lines: {@code "--" boundary}, optionally {@code "--"} for the
     * last, then only white space (transport padding) up to the line end. The line break before a
     * delimiter belongs to it, not to the part (RFC 2046 5.1.1). Text before the first delimiter
     * (the preamble) and after the close delimiter (the epilogue) is skipped.
     *
     * @return the parts, or null when not one delimiter line is present
     */
    static Split split(InputStream stream, String boundary) throws IOException {
        Octets in = new Octets(stream);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Range> parts = new ArrayList<>();
        long partStart = -1;
        long pos = 0; // the offset of b
        int previousBreak = 0; // the length of the line break that ended the previous line
        int b = in.read();
        while (b >= 0) {
            long lineStart = pos;
            int matched = 0;
            while (b >= 0 && matched < delimiter.length && b == (delimiter[matched] & 0xFF)) {
                matched++;
                b = in.read();
                pos++;
            }
            boolean isDelimiter = matched == delimiter.length;
            boolean close = false;
            if (isDelimiter && b == '-') {
                b = in.read();
                pos++;
                close = b == '-';
                isDelimiter = close;
                if (close) {
                    b = in.read();
                    pos++;
                }
            }
            boolean cr = false;
            while (b >= 0 && b != '\n') {
                if (b != ' ' && b != '\t' && b != '\r') {
                    isDelimiter = false;
                }
                cr = b == '\r';
                b = in.read();
                pos++;
            }
            if (isDelimiter) {
                if (partStart >= 0) {
                    parts.add(new Range(partStart, Math.max(partStart, lineStart - previousBreak)));
                }
                if (close) {
                    return new Split(parts, true);
                }
                partStart = b >= 0 ? pos + 1 : pos;
            }
            if (b >= 0) {
                previousBreak = cr ? 2 : 1;
                b = in.read();
                pos++;
            }
        }
        if (partStart < 0) {
            return null;
        }
        parts.add(new Range(partStart, pos)); // no close delimiter: the last part runs to the end
        return new Split(parts, false);
    }

    // Octet by octet from a buffer filled in blocks: one call per 8 KiB instead of one per octet.
    private static final class Octets {
        private final InputStream in;
        private final byte[] buffer = new byte[8192];
        private int next;
        private int limit;

        Octets(InputStream in) {
            this.in = in;
        }

        int read() throws IOException {
            if (next == limit) {
                limit = in.read(buffer, 0, buffer.length);
                next = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[next++] & 0xFF;
        }
    }
}
