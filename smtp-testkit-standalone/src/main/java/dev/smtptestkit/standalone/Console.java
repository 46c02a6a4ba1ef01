package dev.smtptestkit.standalone;

/**
 * Makes client-supplied text safe to print on a terminal: control characters are shown as escapes
 * instead of reaching it. ESC and BEL would otherwise drive the terminal (colours, title, cursor),
 * and a bare CR or LF inside a command would start what looks like a log line of its own.
 */
final class Console {

    private Console() {
    }

    /** One line: every control character, CR and LF included, shown as an escape ({@code \x1b}, {@code \n}). */
    static String line(String text) {
        return escape(text, false);
    }

    /**
     * A block of lines: line breaks are kept, every other control character is escaped. Only the
     * runner's own lines start at the left margin; a block must be indented line by line, so that
     * no line of it can pass for one of them.
     */
    static String block(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLineBreaks) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = keepLineBreaks && c == '\n' ? null : escape(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    // C0 controls and DEL, C1 controls (U+0080-U+009F: 8-bit CSI and OSC in some terminals), the
    // Unicode line and paragraph separators and the bidirectional overrides that reorder what is shown.
    private static String escape(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                if (c < 0x20 || c == 0x7f) {
                    return String.format("\\x%02x", (int) c);
                }
                if ((c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
                        || (c >= 0x2066 && c <= 0x2069)) {
                    return String.format("\\u%04x", (int) c);
                }
                return null;
        }
    }
}
