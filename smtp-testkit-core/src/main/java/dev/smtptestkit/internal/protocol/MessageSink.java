package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.ProtocolViolation.Rule;
import dev.smtptestkit.internal.content.Content;
import dev.smtptestkit.internal.content.ContentBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the octets of one message in blocks ({@link ContentBuilder}: never grown by copying, so
 * the heap holds about the message size), up to a size limit (past it, octets are counted and
 * discarded so memory stays bounded), and notes, as the octets pass, the line-level faults the
 * receiver reports: bare CR or LF, over-long lines and 8-bit octets.
 */
final class MessageSink {

    // RFC 5321 4.5.3.1.6: a text line is at most 1000 octets including CRLF.
    static final int MAX_TEXT_LINE = 1000;
    // The first block, at most. Later blocks double (ContentBuilder), so memory follows the octets
    // that arrived: a message of n octets holds at most about 2n (and never more than n plus one
    // block of ContentBuilder.MAX_BLOCK), with no copy while growing; at the end a small, mostly
    // empty last block is trimmed to its octets (ContentBuilder.content()).
    static final int FIRST_BLOCK = 4096;

    private final long limit;
    private final ContentBuilder store;
    private int len;
    private long total;

    private int lineStart;
    private int lineLength;
    private boolean previousCr;
    private int bareLine = -1;
    private int longLine = -1;
    private int eightBitLine = -1;

    /**
     * @param limit        the most octets stored; more are counted and dropped
     * @param expectedSize the size the client declared (RFC 1870 SIZE), 0 when none
     */
    MessageSink(long limit, long expectedSize) {
        this.limit = limit;
        // SIZE is the client's claim: it may make the first block smaller, never larger. A claim
        // of 64 MiB followed by 80 octets once left an 8 MiB block in the recorded email.
        long first = expectedSize > 0 ? Math.min(expectedSize, FIRST_BLOCK) : FIRST_BLOCK;
        this.store = new ContentBuilder((int) first, limit);
    }

    void write(int b) {
        total++;
        if (total <= limit) {
            store.append(b);
            len++;
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
            store.append(src, off, stored);
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

    /** The stored octets, sharing the blocks: take it once the message has ended. */
    Content content() {
        return store.content();
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
        findings.addAll(HeaderLint.check(content(), utf8Headers));
        return findings;
    }

    private static void note(List<HeaderLint.Finding> findings, Rule rule, String line) {
        if (line != null) {
            findings.add(new HeaderLint.Finding(rule, line));
        }
    }

    // Package-private: the benchmark module's DataPathEquivalenceTest compares these three with
    // its reference copy of this class.
    String bareLineText() {
        return lineAt(bareLine);
    }

    String longLineText() {
        return lineAt(longLine);
    }

    String eightBitLineText() {
        return lineAt(eightBitLine);
    }

    // The line as text, with CR and LF shown as \r and \n so a bare one is visible; a final CRLF
    // is the line's proper end and left out.
    private String lineAt(int start) {
        if (start < 0) {
            return null;
        }
        Content content = content();
        int end = start;
        while (end < len && end - start < 200 && content.byteAt(end) != '\n') {
            end++;
        }
        if (end < len && content.byteAt(end) == '\n') {
            end++;
            if (end - start >= 2 && content.byteAt(end - 2) == '\r') {
                end -= 2;
            }
        }
        return content.text(start, end)
                .replace("\r", "\\r").replace("\n", "\\n");
    }
}
