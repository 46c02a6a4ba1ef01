package dev.smtptestkit.standalone.http;

import java.util.Collection;
import java.util.Map;

/**
 * A small streaming JSON writer: {@code new Json().object().field("a", 1).end().toString()}.
 * Commas are placed by the writer, so callers only open, write and close.
 */
public final class Json {

    private final StringBuilder out = new StringBuilder(256);
    // one flag per open container: whether it already holds a value (then the next needs a comma)
    private long filled;
    private int depth;
    private boolean afterName;

    private static final int MAX_DEPTH = 64;
    // per open container: the character that closes it
    private final char[] closers = new char[MAX_DEPTH];

    Json object() {
        value();
        out.append('{');
        push('}');
        return this;
    }

    Json array() {
        value();
        out.append('[');
        push(']');
        return this;
    }

    Json end() {
        if (depth == 0) {
            throw new IllegalStateException("nothing to close");
        }
        out.append(closers[--depth]);
        return this;
    }

    private void push(char closer) {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        closers[depth] = closer;
        filled &= ~(1L << depth);
        depth++;
    }

    Json name(String name) {
        value();
        quote(out, name);
        out.append(':');
        afterName = true;
        return this;
    }

    Json field(String name, String value) {
        return name(name).string(value);
    }

    Json field(String name, long value) {
        return name(name).number(value);
    }

    Json field(String name, boolean value) {
        name(name);
        value();
        out.append(value);
        return this;
    }

    Json field(String name, Collection<String> values) {
        name(name).array();
        values.forEach(this::string);
        return end();
    }

    Json field(String name, Map<String, String> values) {
        name(name).object();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> field(e.getKey(), e.getValue()));
        return end();
    }

    Json string(String value) {
        value();
        if (value == null) {
            out.append("null");
        } else {
            quote(out, value);
        }
        return this;
    }

    Json number(long value) {
        value();
        out.append(value);
        return this;
    }

    Json nullValue() {
        value();
        out.append("null");
        return this;
    }

    private void value() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            long bit = 1L << (depth - 1);
            if ((filled & bit) != 0) {
                out.append(',');
            }
            filled |= bit;
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** Package-private: the writer is the HTTP view's; {@link #quoted(String)} is shared with the dump files. */
    Json() {
    }

    /**
     * {@code s} as a JSON string, escaped as {@link #quote(StringBuilder, String)} does: the one JSON
     * quoting of the runner (the HTTP API and the dump files' metadata).
     *
     * @param s any text
     * @return the quoted JSON string
     */
    public static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        quote(out, s);
        return out.toString();
    }

    /**
     * Appends {@code s} as a JSON string. RFC 8259 7: the quotation mark, the reverse solidus and the
     * control characters U+0000 to U+001F must be escaped. U+2028 and U+2029 are escaped too, so the
     * text is also valid JavaScript, and {@code <}, {@code >} and {@code &} so it can never close a
     * script element or start markup where a page embeds it. A lone surrogate (not valid Unicode)
     * is written as U+FFFD so the UTF-8 encoding of the output is well formed.
     */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '<' || c == '>' || c == '&') {
                        hex(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append("\\ufffd");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void hex(StringBuilder out, char c) {
        String digits = "0123456789abcdef";
        out.append("\\u").append(digits.charAt(c >> 12 & 15)).append(digits.charAt(c >> 8 & 15))
                .append(digits.charAt(c >> 4 & 15)).append(digits.charAt(c & 15));
    }
}
