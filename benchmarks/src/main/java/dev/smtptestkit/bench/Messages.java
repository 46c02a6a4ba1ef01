package dev.smtptestkit.bench;

import java.nio.charset.StandardCharsets;

/** Builds valid RFC 5322 test messages of an exact size, with CRLF line ends and no line starting with a dot. */
final class Messages {

    private Messages() {
    }

    /** A message of exactly {@code size} octets (at least 300), ending in CRLF. */
    static byte[] of(int size) {
        String headers = "From: Sender <sender@bench.test>\r\n"
                + "To: Recipient <rcpt@bench.test>\r\n"
                + "Subject: benchmark message of " + size + " octets\r\n"
                + "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n"
                + "Message-ID: <bench-" + size + "@bench.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n";
        byte[] head = headers.getBytes(StandardCharsets.US_ASCII);
        if (size < head.length + 2) {
            throw new IllegalArgumentException("size must be at least " + (head.length + 2));
        }
        byte[] message = new byte[size];
        System.arraycopy(head, 0, message, 0, head.length);
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes(StandardCharsets.US_ASCII);
        int column = 0;
        for (int k = head.length; k < size - 2; k++) {
            if (column == 76 && k < size - 3) {
                message[k++] = '\r';
                message[k] = '\n';
                column = 0;
                continue;
            }
            message[k] = alphabet[(k * 7 + column) % alphabet.length];
            column++;
        }
        message[size - 2] = '\r';
        message[size - 1] = '\n';
        return message;
    }
}
