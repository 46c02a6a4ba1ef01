package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.ProtocolViolation.Rule;
import dev.smtptestkit.internal.content.Content;
import dev.smtptestkit.internal.format.Render;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks the header section of a received message against RFC 5322 (and RFC 6532 for UTF-8). */
final class HeaderLint {

    /** A rule that was broken and the header line that broke it. */
    record Finding(Rule rule, String line) {
    }

    // RFC 5322 3.6.4: msg-id = "<" id-left "@" id-right ">" (dot-atom-text or no-fold-literal)
    private static final Pattern MESSAGE_ID = messageId("");
    // RFC 6532 3.2: with UTF-8 headers, atext and dtext also take any non-ASCII character (U+FFFD,
    // what an invalid UTF-8 sequence decodes to, excepted).
    private static final Pattern MESSAGE_ID_UTF8 = messageId("\\u0080-\\uFFFC\\uFFFE\\uFFFF");
    // How much of a header a finding quotes: the header may be folded over a million lines.
    private static final int QUOTED = 200;

    private HeaderLint() {
    }

    private static Pattern messageId(String nonAscii) {
        String atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~." + nonAscii + "-]+";
        return Pattern.compile("\\s*<" + atext + "@(?:" + atext + "|\\[[^\\[\\]\\\\\\s]*\\])>\\s*");
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
        Pattern valid = utf8Allowed ? MESSAGE_ID_UTF8 : MESSAGE_ID;
        if (messageId != null && !valid.matcher(messageId).matches()) {
            findings.add(new Finding(Rule.MALFORMED_MESSAGE_ID, "Message-ID:" + Render.cap(messageId.toString(), QUOTED)));
        }
        return findings;
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
        for (String name : CHECKED) {
            if (to - from == name.length() && asciiLowerEquals(line, from, name)) {
                return name;
            }
        }
        return "";
    }

    // Only ASCII letters fold: toLowerCase(ROOT) maps no other char of these names' length onto them.
    private static boolean asciiLowerEquals(String line, int from, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            char c = line.charAt(from + i);
            char t = lower.charAt(i);
            if (c != t && !(t >= 'a' && t <= 'z' && c == t - 32)) {
                return false;
            }
        }
        return true;
    }
}
