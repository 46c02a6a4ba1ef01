package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.ProtocolViolation.Rule;
import dev.smtptestkit.internal.content.Content;
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
    private static final Pattern MESSAGE_ID = Pattern.compile(
            "\\s*<[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+|\\[[^\\[\\]\\\\\\s]*\\])>\\s*");

    private HeaderLint() {
    }

    static List<Finding> check(Content data, boolean utf8Allowed) {
        int length = data.length();
        List<Finding> findings = new ArrayList<>();
        boolean date = false;
        boolean from = false;
        boolean nonAsciiReported = false;
        String messageId = null;
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
                    messageId += line;
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
                messageId = line.substring(colon + 1);
            }
        }
        if (!date) {
            findings.add(new Finding(Rule.MISSING_DATE, "(no Date header)"));
        }
        if (!from) {
            findings.add(new Finding(Rule.MISSING_FROM, "(no From header)"));
        }
        if (messageId != null && !MESSAGE_ID.matcher(messageId).matches()) {
            findings.add(new Finding(Rule.MALFORMED_MESSAGE_ID, "Message-ID:" + messageId));
        }
        return findings;
    }
}
