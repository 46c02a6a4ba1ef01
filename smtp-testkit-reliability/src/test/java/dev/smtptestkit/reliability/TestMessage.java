package dev.smtptestkit.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A message for the load tests, generated from a seed so it can be regenerated for a byte-exact
 * comparison instead of being kept in memory. Sizes run from 0 octets to 1 MiB, most of them small;
 * bodies have lines beginning with dots, 8-bit octets and lines longer than 1000 octets, and a
 * header carries the SHA-256 of the body.
 *
 * @param key        "c{client}-m{index}", unique in a run; also the Message-ID's left part
 * @param sender     the MAIL FROM address
 * @param recipients the RCPT TO addresses
 * @param content    the message as it must be recorded: CRLF line ends, not dot-stuffed
 */
record TestMessage(String key, String sender, List<String> recipients, byte[] content) {

    static final int MAX_SIZE = 1024 * 1024;
    static final String CHECKSUM_HEADER = "X-Body-SHA256: ";

    /** The message number {@code index} of client {@code client} in the run with this seed. */
    static TestMessage generate(long seed, int client, int index) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + client * 65_537L + index);
        String key = "c" + client + "-m" + index;
        String sender = "c" + client + "@load.test";
        List<String> recipients = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int r = 0; r < count; r++) {
            recipients.add("r" + r + "-" + key + "@load.test");
        }
        int size = size(random, client, index);
        if (size == 0) {
            return new TestMessage(key, sender, recipients, new byte[0]);
        }
        byte[] body = body(random, size);
        String headers = "From: <" + sender + ">\r\n"
                + "To: <" + recipients.get(0) + ">\r\n"
                + "Date: Sun, 29 Nov 2026 12:00:00 +0000\r\n"
                + "Message-ID: <" + key + "@load.test>\r\n"
                + "Subject: load " + key + "\r\n"
                + CHECKSUM_HEADER + sha256(body, 0, body.length) + "\r\n"
                + "\r\n";
        byte[] head = headers.getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[head.length + body.length];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(body, 0, content, head.length, body.length);
        return new TestMessage(key, sender, recipients, content);
    }

    // Most messages are small, some large, one per client run at the 1 MiB limit: ~10 KiB on average.
    private static int size(SplittableRandom random, int client, int index) {
        if (client == 0 && index == 1) {
            return MAX_SIZE - 400; // with its headers just under 1 MiB
        }
        int p = random.nextInt(1000);
        if (p < 10) {
            return 0;
        }
        if (p < 850) {
            return random.nextInt(1, 2048);
        }
        if (p < 990) {
            return random.nextInt(2048, 64 * 1024);
        }
        return random.nextInt(64 * 1024, MAX_SIZE - 400);
    }

    // Lines of several kinds, each ending in CRLF, until about `size` octets.
    private static byte[] body(SplittableRandom random, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 1100);
        while (out.size() < size) {
            int kind = random.nextInt(20);
            int length;
            if (kind == 0) {
                out.writeBytes(DOT_LINES[random.nextInt(DOT_LINES.length)].getBytes(StandardCharsets.US_ASCII));
                length = random.nextInt(30);
            } else if (kind == 1) {
                length = 1000 + random.nextInt(3000); // over the RFC 5321 4.5.3.1.6 limit: recorded, not refused
            } else {
                length = random.nextInt(100);
            }
            for (int k = 0; k < length; k++) {
                int b;
                if (kind == 2) {
                    b = 0x80 + random.nextInt(128); // 8-bit octets
                } else {
                    b = 0x20 + random.nextInt(0x5F);
                }
                out.write(b);
            }
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    // Lines that must be dot-stuffed on the wire, among them ones that look like the end of data.
    private static final String[] DOT_LINES = {".", "..", "...", ". ", ".\t", ".x", "..\u0041"};

    /** The content as sent after DATA: dot-stuffed (RFC 5321 4.5.2), then CRLF.CRLF. */
    byte[] stuffed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + content.length / 50 + 8);
        boolean lineStart = true;
        for (int k = 0; k < content.length; k++) {
            byte b = content[k];
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n' && k > 0 && content[k - 1] == '\r';
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The MAIL command (with BODY=8BITMIME and SIZE, RFC 6152 and 1870). */
    String mailCommand() {
        return "MAIL FROM:<" + sender + "> BODY=8BITMIME SIZE=" + content.length;
    }

    /** The checksum header's value, or null when the message has no header. */
    static String checksumHeader(byte[] content) {
        String text = new String(content, 0, Math.min(content.length, 2048), StandardCharsets.ISO_8859_1);
        int at = text.indexOf(CHECKSUM_HEADER);
        if (at < 0) {
            return null;
        }
        return text.substring(at + CHECKSUM_HEADER.length(), text.indexOf('\r', at));
    }

    /** The SHA-256 of what follows the header section, in hex. */
    static String bodyChecksum(byte[] content) {
        for (int k = 0; k + 3 < content.length; k++) {
            if (content[k] == '\r' && content[k + 1] == '\n' && content[k + 2] == '\r' && content[k + 3] == '\n') {
                return sha256(content, k + 4, content.length - k - 4);
            }
        }
        return null;
    }

    static String sha256(byte[] data, int off, int len) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(data, off, len);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
