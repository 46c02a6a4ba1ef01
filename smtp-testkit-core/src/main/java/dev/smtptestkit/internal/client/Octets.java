package dev.smtptestkit.internal.client;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The message octets on the client side: what they need from the server (8BITMIME, SMTPUTF8),
 * line-ending normalisation, and the DATA transparency of RFC 5321 4.5.2. Every method is one
 * pass over the octets.
 */
final class Octets {

    private Octets() {
    }

    /** The offset of the first octet above 127, or -1 (RFC 6152: such a message needs 8BITMIME). */
    static int firstEightBit(byte[] content) {
        for (int i = 0; i < content.length; i++) {
            if (content[i] < 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the header section (up to the first empty line) holds an octet above 127: UTF-8 headers
     * (RFC 6532) need SMTPUTF8 (RFC 6531 3.4).
     */
    static boolean eightBitHeaders(byte[] content) {
        boolean lineStart = true;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b < 0) {
                return true;
            }
            if (lineStart && (b == '\n' || (b == '\r' && i + 1 < content.length && content[i + 1] == '\n'))) {
                return false; // the empty line ends the headers
            }
            if (b == '\n') {
                lineStart = true;
            } else if (b != '\r') {
                lineStart = false;
            }
        }
        return false;
    }

    /** Whether an address needs SMTPUTF8 (RFC 6531 3.3: a non-ASCII mailbox). */
    static boolean nonAscii(String address) {
        for (int i = 0; i < address.length(); i++) {
            if (address.charAt(i) > 127) {
                return true;
            }
        }
        return false;
    }

    /** Bare CR and bare LF turned into CRLF (RFC 5321 2.3.8), only where the caller asked. */
    static byte[] normalizeLineEndings(byte[] content) {
        int extra = 0;
        for (int i = 0; i < content.length; i++) {
            boolean crlf = content[i] == '\r' && i + 1 < content.length && content[i + 1] == '\n';
            if (crlf) {
                i++;
            } else if (content[i] == '\r' || content[i] == '\n') {
                extra++;
            }
        }
        if (extra == 0) {
            return content;
        }
        byte[] out = new byte[content.length + extra];
        int n = 0;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
                out[n++] = '\r';
                out[n++] = '\n';
                i++;
            } else if (b == '\r' || b == '\n') {
                out[n++] = '\r';
                out[n++] = '\n';
            } else {
                out[n++] = b;
            }
        }
        return out;
    }

    /** Whether the content ends with CRLF, so DATA's end sequence adds no octet to it. */
    static boolean endsWithCrlf(byte[] content) {
        int n = content.length;
        return n >= 2 && content[n - 2] == '\r' && content[n - 1] == '\n';
    }

    /**
     * Writes the content for DATA: a dot doubled at the start of every line (after CRLF, and at
     * the very start since the 354 counts as a line end), a CRLF added when the content does not
     * end with one, then "." CRLF (RFC 5321 4.5.2, 4.1.1.4). Only CRLF starts a line, as on the
     * receiver: a dot after a bare LF is content both ways.
     *
     * @return the octets written before the final "." CRLF, as the receiver counts them
     */
    static int writeDotStuffed(byte[] content, OutputStream out) throws IOException {
        int written = content.length;
        int from = 0;
        boolean lineStart = true;
        for (int i = 0; i < content.length; i++) {
            if (lineStart && content[i] == '.') {
                out.write(content, from, i - from);
                out.write('.');
                written++;
                from = i; // the original dot follows
            }
            lineStart = content[i] == '\n' && i > 0 && content[i - 1] == '\r';
        }
        out.write(content, from, content.length - from);
        if (!endsWithCrlf(content)) {
            out.write('\r');
            out.write('\n');
            written += 2;
        }
        out.write(new byte[] {'.', '\r', '\n'});
        return written;
    }
}
