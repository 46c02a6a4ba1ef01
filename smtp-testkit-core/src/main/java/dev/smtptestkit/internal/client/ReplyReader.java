package dev.smtptestkit.internal.client;

import dev.smtptestkit.internal.protocol.Reply;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads one SMTP reply (RFC 5321 4.2): lines {@code ddd-text} until {@code ddd text}, into a
 * {@link Reply} value. Bounded: a line may hold {@value #MAX_LINE} octets, a reply {@value #MAX_LINES}
 * lines, so a hostile server cannot make the client buffer without end.
 */
final class ReplyReader {

    /** RFC 5321 4.5.3.1.5 allows 512 octets per reply line; we take generously more. */
    static final int MAX_LINE = 4096;
    static final int MAX_LINES = 1000;

    // RFC 3463 2 / RFC 2034 4: class "." subject "." detail, then a space.
    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    /** A reply that is not SMTP. */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final byte[] line = new byte[MAX_LINE];

    ReplyReader(InputStream in) {
        this.in = in;
    }

    /** The next reply; {@link EOFException} when the server closed the connection first. */
    Reply read() throws IOException {
        List<String> texts = new ArrayList<>();
        int code = -1;
        while (true) {
            String l = readLine();
            if (l.length() < 3 || !Character.isDigit(l.charAt(0)) || !Character.isDigit(l.charAt(1))
                    || !Character.isDigit(l.charAt(2)) || (l.length() > 3 && l.charAt(3) != ' ' && l.charAt(3) != '-')) {
                throw new Malformed("not an SMTP reply line (RFC 5321 4.2: three digits, then space or '-'): \""
                        + printable(l) + "\"");
            }
            int c = Integer.parseInt(l.substring(0, 3));
            if (c < 200 || c > 599) {
                throw new Malformed("reply code " + c + " is outside 2xx-5xx (RFC 5321 4.2.1): \"" + printable(l) + "\"");
            }
            if (code >= 0 && c != code) {
                throw new Malformed("reply lines with different codes " + code + " and " + c
                        + " (RFC 5321 4.2.1: every line of a reply has the same code)");
            }
            code = c;
            texts.add(l.length() > 4 ? l.substring(4) : "");
            if (l.length() == 3 || l.charAt(3) == ' ') {
                break;
            }
            if (texts.size() >= MAX_LINES) {
                throw new Malformed("a reply of more than " + MAX_LINES + " lines");
            }
        }
        String enhanced = "";
        String first = texts.get(0);
        int space = first.indexOf(' ');
        String candidate = space < 0 ? first : first.substring(0, space);
        if (ENHANCED.matcher(candidate).matches() && candidate.charAt(0) == Character.forDigit(code / 100, 10)) {
            enhanced = candidate;
            for (int i = 0; i < texts.size(); i++) {
                String t = texts.get(i);
                if (t.startsWith(enhanced + " ") || t.equals(enhanced)) {
                    texts.set(i, t.length() > enhanced.length() ? t.substring(enhanced.length() + 1) : "");
                }
            }
        }
        return new Reply(code, enhanced, texts);
    }

    private String readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(n == 0 ? "connection closed" : "connection closed inside a reply line");
            }
            if (b == '\n') {
                int end = n > 0 && line[n - 1] == '\r' ? n - 1 : n;
                return new String(line, 0, end, StandardCharsets.UTF_8);
            }
            if (n == MAX_LINE) {
                throw new Malformed("a reply line longer than " + MAX_LINE + " octets");
            }
            line[n++] = (byte) b;
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > 80 ? out + "..." : out.toString();
    }
}
