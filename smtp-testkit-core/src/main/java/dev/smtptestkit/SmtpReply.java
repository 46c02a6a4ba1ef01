package dev.smtptestkit;

import java.util.List;
import java.util.Objects;

/**
 * One reply a server sent to {@link SmtpSender}: the code, the enhanced status code (RFC 3463) when
 * the server gave one, and the text lines without code.
 *
 * <pre>{@code
 * SmtpReply reply = result.finalReply().orElseThrow();
 * assertThat(reply.code()).isEqualTo(250);
 * }</pre>
 *
 * @param code         the three-digit code (RFC 5321 4.2)
 * @param enhancedCode for example {@code "5.1.1"}, or "" when the server sent none
 * @param lines        the text of each line, without code and enhanced code; at least one (maybe empty)
 */
public record SmtpReply(int code, String enhancedCode, List<String> lines) {

    /**
     * Checks the components and copies the lines.
     *
     * @param code         the three-digit code, 200 to 599
     * @param enhancedCode the enhanced code or ""
     * @param lines        the text lines, at least one
     * @throws IllegalArgumentException when the code is out of range or there is no line
     */
    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        Objects.requireNonNull(enhancedCode, "enhancedCode");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one line");
        }
    }

    /**
     * Whether the code is 2xx or 3xx (RFC 5321 4.2.1: positive completion or intermediate).
     *
     * @return true for 200 to 399
     */
    public boolean isPositive() {
        return code < 400;
    }

    /**
     * Whether the code is 4xx: a transient failure the client may retry (RFC 5321 4.2.1).
     *
     * @return true for 400 to 499
     */
    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    /**
     * The reply on one line as the transcripts show it.
     *
     * @return for example {@code "550 5.1.1 No such user"}
     */
    public String firstLine() {
        return code + " " + (enhancedCode.isEmpty() ? "" : enhancedCode + " ") + lines.get(0);
    }

    @Override
    public String toString() {
        return firstLine() + (lines.size() > 1 ? " (+" + (lines.size() - 1) + " lines)" : "");
    }
}
