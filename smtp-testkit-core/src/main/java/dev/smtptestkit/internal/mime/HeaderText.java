package dev.smtptestkit.internal.mime;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Header values made readable in one pass each. Jakarta Mail's {@code MimeUtility.unfold} and
 * {@code InternetAddress.parseHeader} are quadratic in a value's length (80,000 folded lines took
 * 1.5 s, 100,000 addresses 15 s), so unfolding and splitting an address list are done here, and
 * Jakarta Mail only ever sees one short address at a time.
 */
final class HeaderText {

    private HeaderText() {
    }

    /** Unfolded (RFC 5322 2.2.3), stripped and RFC 2047 decoded. */
    static String decode(String raw) {
        String unfolded = unfold(raw == null ? "" : raw).strip();
        if (!unfolded.contains("=?")) {
            return unfolded;
        }
        try {
            return MimeUtility.decodeText(unfolded); // linear: one pass over the words
        } catch (UnsupportedEncodingException e) {
            return unfolded;
        }
    }

    /**
     * RFC 5322 2.2.3: a line break followed by white space is removed. As Jakarta Mail does, the
     * break and the run of white space after it become one space; a break without white space
     * after it is kept.
     */
    static String unfold(String value) {
        if (value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int n = value.length();
        int i = 0;
        while (i < n) {
            char c = value.charAt(i);
            if (c != '\r' && c != '\n') {
                out.append(c);
                i++;
                continue;
            }
            int next = i + 1;
            if (c == '\r' && next < n && value.charAt(next) == '\n') {
                next++;
            }
            if (next < n && isWsp(value.charAt(next))) {
                while (next < n && isWsp(value.charAt(next))) {
                    next++;
                }
                out.append(' ');
            } else {
                out.append(value, i, next);
            }
            i = next;
        }
        return out.toString();
    }

    private static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * The bare addresses of an address-list header (RFC 5322 3.4), group members included, in
     * order. An entry that is not an address is kept as the client wrote it (decoded), rather
     * than hidden.
     */
    static List<String> addresses(String raw) {
        List<String> out = new ArrayList<>();
        for (String entry : entries(unfold(raw == null ? "" : raw))) {
            try {
                for (InternetAddress a : InternetAddress.parseHeader(entry, false)) {
                    if (a.isGroup()) {
                        for (InternetAddress member : a.getGroup(false)) {
                            out.add(member.getAddress());
                        }
                    } else if (a.getAddress() != null && !a.getAddress().isEmpty()) {
                        out.add(a.getAddress());
                    }
                }
            } catch (AddressException e) {
                out.add(decode(entry));
            }
        }
        return out;
    }

    /**
     * Splits an address list at its top-level commas, in one pass: commas inside a quoted string,
     * a comment, angle brackets or a domain literal do not count. A group's display name and its
     * colon are dropped and its members become entries of their own; the semicolon ends the group.
     */
    static List<String> entries(String list) {
        List<String> entries = new ArrayList<>();
        int n = list.length();
        int start = 0;
        int comment = 0;
        boolean quoted = false;
        boolean angle = false;
        boolean literal = false;
        boolean inGroup = false;
        for (int i = 0; i < n; i++) {
            char c = list.charAt(i);
            if (quoted || comment > 0) {
                if (c == '\\') {
                    i++; // quoted-pair (RFC 5322 3.2.1)
                } else if (quoted && c == '"') {
                    quoted = false;
                } else if (!quoted && c == '(') {
                    comment++;
                } else if (!quoted && c == ')') {
                    comment--;
                }
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(' -> comment = 1;
                case '<' -> angle = true;
                case '>' -> angle = false;
                case '[' -> literal = true;
                case ']' -> literal = false;
                case ':' -> {
                    if (!angle && !literal && !inGroup) {
                        inGroup = true; // RFC 5322 3.4: group = display-name ":" [group-list] ";"
                        start = i + 1;
                    }
                }
                case ',', ';' -> {
                    if (!angle && !literal && (c == ',' || inGroup)) {
                        add(entries, list, start, i);
                        start = i + 1;
                        inGroup = inGroup && c == ',';
                    }
                }
                default -> {
                    // part of the current entry
                }
            }
        }
        add(entries, list, start, n);
        return entries;
    }

    private static void add(List<String> entries, String list, int from, int to) {
        String entry = list.substring(from, Math.min(to, list.length())).strip();
        if (!entry.isEmpty()) {
            entries.add(entry);
        }
    }
}
