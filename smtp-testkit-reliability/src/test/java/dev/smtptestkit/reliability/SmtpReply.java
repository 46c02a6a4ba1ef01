package dev.smtptestkit.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reply as a raw client read it off the wire.
 *
 * @param code     the three-digit code
 * @param enhanced the enhanced status code of the last line (RFC 3463), or "" when there is none
 * @param lines    the text of every line after the code (and the enhanced code)
 */
record SmtpReply(int code, String enhanced, List<String> lines) {

    // RFC 3463 2: class "." subject "." detail, after the code and one space.
    private static final Pattern ENHANCED = Pattern.compile("([245]\\.\\d{1,3}\\.\\d{1,3}) (.*)");

    /** Parses the wire lines of one reply (without CRLF); the last one has a space after the code. */
    static SmtpReply parse(List<String> wire) {
        String last = wire.get(wire.size() - 1);
        int code = Integer.parseInt(last.substring(0, 3));
        String enhanced = "";
        List<String> text = new ArrayList<>();
        for (String line : wire) {
            String rest = line.length() > 4 ? line.substring(4) : "";
            Matcher m = ENHANCED.matcher(rest);
            if (m.matches()) {
                enhanced = m.group(1);
                rest = m.group(2);
            }
            text.add(rest);
        }
        return new SmtpReply(code, enhanced, List.copyOf(text));
    }

    /** "250 2.0.0" or "354" */
    String status() {
        return enhanced.isEmpty() ? String.valueOf(code) : code + " " + enhanced;
    }

    @Override
    public String toString() {
        return status() + " " + String.join(" | ", lines);
    }
}
