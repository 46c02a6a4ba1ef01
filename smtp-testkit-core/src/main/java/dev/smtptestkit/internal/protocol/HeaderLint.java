package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.ProtocolViolation.Rule;
import dev.smtptestkit.internal.content.Content;
import dev.smtptestkit.internal.format.Render;
import java.util.ArrayList;
import java.util.List;

/** Checks the header section of a received message against RFC 5322 (and RFC 6532 for UTF-8). */
final class HeaderLint {

    /** A rule that was broken and the header line that broke it. */
    record Finding(Rule rule, String line) {
    }

    // How much of a header a finding quotes: the header may be folded over a million lines.
    private static final int QUOTED = 200;

    private HeaderLint() {
    }

    static List<Finding> check(Content data, boolean utf8Allowed) {
        int length = data.length();
        List<Finding> findings = new ArrayList<>();
        boolean date = false;
        boolean from = false;
        boolean nonAsciiReported = false;
        StringBuilder messageId = null; // appended to, never copied: linear in the header's size
        int pos = 0;
        String current = null;
        while (pos < length) {
            int lf = data.indexOf((byte) '\n', pos);
            int end = lf < 0 ? length : lf;
            int textEnd = end > pos && data.byteAt(end - 1) == '\r' ? end - 1 : end;
            String line = data.text(pos, textEnd);
            // an octet above 127 decodes (as itself or as U+FFFD) to a char above 127, ASCII to ASCII
            boolean nonAscii = hasNonAscii(line);
            pos = end + 1;
            if (line.isEmpty()) {
                break; // end of the header section
            }
            if (nonAscii && !utf8Allowed && !nonAsciiReported) {
                findings.add(new Finding(Rule.NON_ASCII_HEADER, line));
                nonAsciiReported = true;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (current != null && messageId != null && current.equals("message-id")) {
                    messageId.append(line);
                }
                continue; // a folded continuation (RFC 5322 2.2.3)
            }
            int colon = line.indexOf(':');
            current = colon < 0 ? null : fieldName(line, colon);
            if ("date".equals(current)) {
                date = true;
            } else if ("from".equals(current)) {
                from = true;
            } else if ("message-id".equals(current)) {
                messageId = new StringBuilder(line.substring(colon + 1));
            }
        }
        if (!date) {
            findings.add(new Finding(Rule.MISSING_DATE, "(no Date header)"));
        }
        if (!from) {
            findings.add(new Finding(Rule.MISSING_FROM, "(no From header)"));
        }
        if (messageId != null && !validMessageId(messageId, utf8Allowed)) {
            findings.add(new Finding(Rule.MALFORMED_MESSAGE_ID, "Message-ID:" + Render.cap(messageId.toString(), QUOTED)));
        }
        return findings;
    }

    /**
     * RFC 5322 3.6.4: msg-id = "<" id-left "@" id-right ">", id-left dot-atom-text (read as a run of
     * atext and dots), id-right that or a no-fold-literal ("[" dtext "]"), white space around. A
     * loop over the characters, not a regular expression: it runs for every message, and a matcher
     * per message cost more than the rest of the header check.
     *
     * @param utf8 RFC 6532 3.2: atext and dtext also take any non-ASCII character of the Basic
     *             Multilingual Plane but U+FFFD (what an invalid UTF-8 sequence decodes to)
     */
    static boolean validMessageId(CharSequence id, boolean utf8) {
        int n = id.length();
        int i = skipSpace(id, 0);
        if (i >= n || id.charAt(i) != '<') {
            return false;
        }
        int left = atextRun(id, i + 1, utf8);
        if (left == i + 1 || left >= n || id.charAt(left) != '@') {
            return false;
        }
        int right = left + 1;
        int end;
        if (right < n && id.charAt(right) == '[') {
            end = right + 1;
            while (end < n && literalChar(id.charAt(end))) {
                end++;
            }
            if (end >= n || id.charAt(end) != ']') {
                return false;
            }
            end++;
        } else {
            end = atextRun(id, right, utf8);
            if (end == right) {
                return false;
            }
        }
        return end < n && id.charAt(end) == '>' && skipSpace(id, end + 1) == n;
    }

    // Where the run of atext (RFC 5322 3.2.3) and dots from `from` ends. A character outside the
    // Basic Multilingual Plane (a surrogate pair) is not taken, a lone surrogate is.
    private static int atextRun(CharSequence s, int from, boolean utf8) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean ok = c < 0x80 ? ATEXT.indexOf(c) >= 0
                    : utf8 && c != '\uFFFD' && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1)));
            if (!ok) {
                return i;
            }
            i++;
        }
        return i;
    }

    private static final String ATEXT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~.-";

    // no-fold-literal content: anything but the brackets, the backslash and white space
    private static boolean literalChar(char c) {
        return c != '[' && c != ']' && c != '\\' && !space(c);
    }

    private static int skipSpace(CharSequence s, int from) {
        int i = from;
        while (i < s.length() && space(s.charAt(i))) {
            i++;
        }
        return i;
    }

    // What a header may hold around the id: SP, HTAB, and the line breaks of a folded header.
    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    // A loop, not a stream: this runs per header line of every message, mostly before the JIT
    // has compiled it, where a stream pipeline costs many times a plain loop.
    private static boolean hasNonAscii(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) > 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static final String[] CHECKED = {"date", "from", "message-id"};

    /**
     * The field name before the colon, as {@code strip().toLowerCase(Locale.ROOT)} gives it when it
     * is one of the names checked here ({@link #CHECKED}), else "" (any other field): without the
     * substring, strip and lower-casing per header line.
     */
    private static String fieldName(String line, int colon) {
        int from = 0;
        int to = colon;
        while (from < to && Character.isWhitespace(line.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(line.charAt(to - 1))) {
            to--;
        }
        // only ASCII letters fold: toLowerCase(ROOT) maps no other char of these names' length onto them
        for (String name : CHECKED) {
            if (to - from == name.length() && Ascii.equalsIgnoreCase(line, from, name)) {
                return name;
            }
        }
        return "";
    }
}
