package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.ProtocolViolation.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects the octets of one message into a single growable array, up to a size limit (past it,
 * octets are counted and discarded so memory stays bounded), and notes, as the octets pass, the
 * line-level faults the receiver reports: bare CR or LF, over-long lines and 8-bit octets.
 */
final class MessageSink {

    // RFC 5321 4.5.3.1.6: a text line is at most 1000 octets including CRLF.
    static final int MAX_TEXT_LINE = 1000;
    private static final int INITIAL = 4096;
    // A declared SIZE (RFC 1870) sizes the first array, but only up to this: SIZE is the client's
    // claim, and a claim of 2 GB must not allocate 2 GB before a single octet has arrived.
    static final int MAX_PREALLOCATION = 8 * 1024 * 1024;

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

    MessageSink(long limit, long expectedSize) {
        this.limit = limit;
        long expected = Math.min(Math.max(expectedSize, INITIAL), MAX_PREALLOCATION);
        long initial = Math.min(expected, Math.min(limit, Integer.MAX_VALUE - 16) + 1);
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

    // The same as write(int) octet by octet, with one copy for the stored part and the line checks
    // done per run of ordinary octets (printable ASCII: a signed byte above CR), which is the bulk
    // of message data; every other octet goes through lint() with len as write(int) would have it.
    void write(byte[] src, int off, int n) {
        long room = limit - total;
        int stored = room <= 0 ? 0 : (int) Math.min(n, room);
        if (stored > 0) {
            while (buf.length - len < stored) {
                grow();
            }
            System.arraycopy(src, off, buf, len, stored);
        }
        int len0 = len;
        int k = 0;
        while (k < n) {
            if (src[off + k] > '\r' && !previousCr) {
                int end = k + 1;
                while (end < n && src[off + end] > '\r') {
                    end++;
                }
                lineLength += end - k;
                if (lineLength > MAX_TEXT_LINE - 1 && longLine < 0) {
                    longLine = lineStart;
                }
                k = end;
            } else {
                len = len0 + Math.min(k + 1, stored);
                lint(src[off + k] & 0xFF);
                k++;
            }
        }
        len = len0 + stored;
        total += n;
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

    /**
     * The rules the message broke, each with its first offending line: bare CR or LF, long lines,
     * 8-bit octets unless declared, and the header rules of {@link HeaderLint}.
     */
    List<HeaderLint.Finding> findings(boolean eightBitDeclared, boolean utf8Headers) {
        List<HeaderLint.Finding> findings = new ArrayList<>();
        note(findings, Rule.BARE_CR_OR_LF, bareLineText());
        note(findings, Rule.TEXT_LINE_TOO_LONG, longLineText());
        if (!eightBitDeclared) {
            note(findings, Rule.EIGHT_BIT_WITHOUT_8BITMIME, eightBitLineText());
        }
        findings.addAll(HeaderLint.check(buf, len, utf8Headers));
        return findings;
    }

    private static void note(List<HeaderLint.Finding> findings, Rule rule, String line) {
        if (line != null) {
            findings.add(new HeaderLint.Finding(rule, line));
        }
    }

    private String bareLineText() {
        return lineAt(bareLine);
    }

    private String longLineText() {
        return lineAt(longLine);
    }

    private String eightBitLineText() {
        return lineAt(eightBitLine);
    }

    // The line as text, with CR and LF shown as \r and \n so a bare one is visible; a final CRLF
    // is the line's proper end and left out.
    private String lineAt(int start) {
        if (start < 0) {
            return null;
        }
        int end = start;
        while (end < len && end - start < 200 && buf[end] != '\n') {
            end++;
        }
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
