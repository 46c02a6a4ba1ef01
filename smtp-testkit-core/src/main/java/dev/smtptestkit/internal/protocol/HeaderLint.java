package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.ProtocolViolation.Rule;
import dev.smtptestkit.internal.content.Content;
import dev.smtptestkit.internal.format.Render;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            boolean nonAscii = line.chars().anyMatch(c -> c > 0x7F);
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
            current = colon < 0 ? null : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
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
}
