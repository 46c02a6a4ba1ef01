package dev.smtptestkit.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * REFERENCE COPY of MessageSink before the bulk-write change (commit c3f198d), kept as the oracle
 * of MessageSinkEquivalenceTest. Not used anywhere else.
 *
 * Collects the octets of one message into a single growable array, up to a size limit (past it,
 * octets are counted and discarded so memory stays bounded), and notes, as the octets pass, the
 * line-level faults the receiver reports: bare CR or LF, over-long lines and 8-bit octets.
 */
final class ReferenceMessageSink {

    // RFC 5321 4.5.3.1.6: a text line is at most 1000 octets including CRLF.
    static final int MAX_TEXT_LINE = 1000;
    private static final int INITIAL = 4096;

    private final long limit;
    private byte[] buf;
    private int len;
    private long total;

    private int lineStart;
    private int lineLength;
    private boolean previousCr;
    private int bareLine = -1;
    private int longLine = -1;
    private int eightBitLine = -1;

    ReferenceMessageSink(long limit, long expectedSize) {
        this.limit = limit;
        long initial = Math.min(Math.max(expectedSize, INITIAL), Math.min(limit, Integer.MAX_VALUE - 16) + 1);
        this.buf = new byte[(int) Math.max(initial, 16)];
    }

    void write(int b) {
        total++;
        if (total <= limit) {
            if (len == buf.length) {
                grow();
            }
            buf[len++] = (byte) b;
        }
        lint(b);
    }

    void write(byte[] src, int off, int n) {
        for (int k = 0; k < n; k++) {
            write(src[off + k] & 0xFF);
        }
    }

    private void lint(int b) {
        if (b == '\n') {
            if (!previousCr && bareLine < 0) {
                bareLine = lineStart;
            }
            lineStart = len;
            lineLength = 0;
            previousCr = false;
            return;
        }
        if (previousCr && bareLine < 0) {
            bareLine = lineStart; // a CR not followed by LF
        }
        previousCr = b == '\r';
        lineLength++;
        if (lineLength > MAX_TEXT_LINE - 1 && longLine < 0) {
            longLine = lineStart; // 999 octets before the CRLF make 1001 with it
        }
        if (b >= 0x80 && eightBitLine < 0) {
            eightBitLine = lineStart;
        }
    }

    private void grow() {
        long target = Math.min(Math.min((long) buf.length * 2, limit), Integer.MAX_VALUE - 16);
        if (target <= buf.length) {
            throw new IllegalStateException("message buffer cannot grow past " + buf.length);
        }
        buf = Arrays.copyOf(buf, (int) target);
    }

    /** Called once at the end: a CR as the last octet is bare too. */
    void finish() {
        if (previousCr && bareLine < 0) {
            bareLine = lineStart;
        }
    }

    boolean overflow() {
        return total > limit;
    }

    long total() {
        return total;
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return len;
    }

    String bareLineText() {
        return lineAt(bareLine);
    }

    String longLineText() {
        return lineAt(longLine);
    }

    String eightBitLineText() {
        return lineAt(eightBitLine);
    }

    private String lineAt(int start) {
        if (start < 0) {
            return null;
        }
        int end = start;
        while (end < len && end - start < 200 && buf[end] != '\n') {
            end++;
        }
        // Brought up to main's line text (the LF shown, a final CRLF left out), which changed after
        // this copy was taken; the octet path, what this oracle pins, is as it was.
        if (end < len && buf[end] == '\n') {
            end++;
            if (end - start >= 2 && buf[end - 2] == '\r') {
                end -= 2;
            }
        }
        return new String(buf, start, end - start, StandardCharsets.UTF_8)
                .replace("\r", "\\r").replace("\n", "\\n");
    }
}
