package dev.smtptestkit.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One SMTP reply as a value: the three-digit code, the enhanced status code (RFC 3463, may be
 * empty) and one or more text lines. Built only by {@link Replies}.
 *
 * <p>A class rather than a record only to keep its rendered wire lines: the constant replies
 * ({@code 250 2.1.0 Sender OK} and the like) are rendered once, not once per command, and so is
 * their form without the enhanced code (after HELO). Equality, hash code and string form follow
 * its three parts, as a record's would.
 */
public final class Reply {

    private final int code;
    private final String enhancedCode;
    private final List<String> lines;
    // Rendered on first use; a race renders it twice, to equal lists (immutable, so safely published).
    private List<String> wire;
    // The same without its enhanced code (a HELO session's replies), made on first use, likewise.
    private Reply withoutCode;

    /**
     * Checks the code range and that there is at least one line.
     *
     * @param code         the three-digit reply code (RFC 5321 4.2)
     * @param enhancedCode the enhanced status code such as {@code 2.1.0}, or "" where none is sent
     * @param lines        the text lines; a reply of several lines is sent with "-" continuations
     */
    public Reply(int code, String enhancedCode, List<String> lines) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        this.lines = List.copyOf(lines);
        if (this.lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one line");
        }
        this.code = code;
        this.enhancedCode = Objects.requireNonNull(enhancedCode, "enhancedCode");
    }

    /** The three-digit reply code (RFC 5321 4.2). */
    public int code() {
        return code;
    }

    /** The enhanced status code such as {@code 2.1.0}, or "" where none is sent. */
    public String enhancedCode() {
        return enhancedCode;
    }

    /** The text lines; a reply of several lines is sent with "-" continuations. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reply r && code == r.code && enhancedCode.equals(r.enhancedCode) && lines.equals(r.lines);
    }

    @Override
    public int hashCode() {
        return (31 * Integer.hashCode(code) + enhancedCode.hashCode()) * 31 + lines.hashCode();
    }

    @Override
    public String toString() {
        return "Reply[code=" + code + ", enhancedCode=" + enhancedCode + ", lines=" + lines + "]";
    }

    /** The same reply without its enhanced status code (before EHLO, RFC 2034 section 3). */
    public Reply withoutEnhancedCode() {
        if (enhancedCode.isEmpty()) {
            return this;
        }
        Reply plain = withoutCode;
        if (plain == null) {
            plain = new Reply(code, "", lines);
            withoutCode = plain; // a race makes two equal values; its final fields publish it safely
        }
        return plain;
    }

    /** Whether the connection is closed after this reply (221 and 421, RFC 5321 3.8). */
    public boolean closesConnection() {
        return code == 221 || code == 421;
    }

    /**
     * The reply's lines as sent, without CRLF: every line but the last with '-' after the code,
     * the enhanced code (if any) after that (RFC 5321 4.2.1, RFC 2034 section 4).
     *
     * @return one string per line, for example {@code ["250-localhost greets x", "250 DSN"]}
     */
    public List<String> wireLines() {
        List<String> rendered = wire;
        if (rendered == null) {
            rendered = render();
            wire = rendered;
        }
        return rendered;
    }

    private List<String> render() {
        String[] out = new String[lines.size()];
        StringBuilder line = new StringBuilder(64);
        for (int i = 0; i < out.length; i++) {
            line.setLength(0);
            line.append(code).append(i == out.length - 1 ? ' ' : '-');
            if (!enhancedCode.isEmpty()) {
                line.append(enhancedCode).append(' ');
            }
            out[i] = line.append(lines.get(i)).toString();
        }
        return List.of(out);
    }

    /** The reply as sent: {@link #wireLines()}, CRLF after each. */
    public String wire() {
        return wire(wireLines());
    }

    /**
     * Lines already rendered by {@link #wireLines()}, CRLF after each: for a caller that needs
     * both the lines and the octets and should render once.
     *
     * @param wireLines the result of {@link #wireLines()}
     * @return the reply as sent
     */
    public static String wire(List<String> wireLines) {
        StringBuilder out = new StringBuilder(40 * wireLines.size());
        for (String line : wireLines) {
            out.append(line).append("\r\n");
        }
        return out.toString();
    }

    /** {@link #wire()} as UTF-8 octets. */
    public byte[] wireBytes() {
        return wire().getBytes(StandardCharsets.UTF_8);
    }

    /** The reply on one line for logs and transcripts: "250 2.1.0 Sender OK". */
    public String firstLine() {
        return code + " " + (enhancedCode.isEmpty() ? "" : enhancedCode + " ") + lines.get(0);
    }
}
