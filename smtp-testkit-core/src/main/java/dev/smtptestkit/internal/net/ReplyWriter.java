package dev.smtptestkit.internal.net;

import dev.smtptestkit.internal.content.ScratchBlocks;
import dev.smtptestkit.internal.protocol.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Collects replies and writes them in one write per batch: everything queued since the last
 * {@link #flush()} leaves together, so a multi-line reply, or the replies to a pipelined group of
 * commands (RFC 2920 3.1), go out in one segment. Tracks how long a write has been blocked, for
 * the watchdog that ends a client that stopped reading.
 */
final class ReplyWriter {

    private static final int SHRINK_ABOVE = 64 * 1024;

    private OutputStream stream;
    // 1 KiB holds the replies of a session's usual exchange; a reused thread lends a scratch block
    private byte[] out = ScratchBlocks.take(1024);
    private int len;
    // System.nanoTime() when the write in progress began, 0 when none is.
    private volatile long writeStarted;

    ReplyWriter(OutputStream stream) {
        this.stream = stream;
    }

    /** Writes to another stream from now on (the TLS layer after STARTTLS). */
    void use(OutputStream next) {
        this.stream = next;
    }

    /**
     * Appends a reply's octets to the batch.
     *
     * @return the reply's lines as they will be sent, rendered once for the wire and the record
     */
    List<String> queue(Reply reply) {
        List<String> lines = reply.wireLines();
        for (String line : lines) {
            append(line);
        }
        return lines;
    }

    // One line and its CRLF, as Reply.wire(lines) encoded in UTF-8 gives it; ASCII (every reply
    // but one that quotes the client's UTF-8) is copied char by char, without a String and an
    // array per reply.
    private void append(String line) {
        int n = line.length();
        room(n + 2);
        int at = len;
        for (int i = 0; i < n && at >= 0; i++) {
            char c = line.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else {
                at = -1; // not ASCII: encoded whole below
            }
        }
        if (at < 0) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            room(bytes.length + 2);
            System.arraycopy(bytes, 0, out, len, bytes.length);
            at = len + bytes.length;
        }
        out[at++] = '\r';
        out[at++] = '\n';
        len = at;
    }

    private void room(int n) {
        if (len + n > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, len + n));
        }
    }

    /** Whether replies wait to be written. */
    boolean pending() {
        return len > 0;
    }

    /** Forgets what is queued (the client is gone). */
    void discard() {
        len = 0;
    }

    /** Writes the batch in one write, if there is one. */
    void flush() throws IOException {
        if (len == 0) {
            return;
        }
        writeStarted = Math.max(1, System.nanoTime());
        try {
            stream.write(out, 0, len);
            stream.flush();
        } finally {
            writeStarted = 0;
        }
        len = 0;
        if (out.length > SHRINK_ABOVE) {
            out = ScratchBlocks.take(1024);
        }
    }

    /** The session is over: the buffer goes back to the thread's scratch blocks; use this no more. */
    void release() {
        ScratchBlocks.give(out);
        out = null;
        len = 0;
    }

    /** Whether a write has been blocked for longer than {@code limitNanos} at {@code nowNanos}. */
    boolean blockedLongerThan(long nowNanos, long limitNanos) {
        long since = writeStarted;
        return since != 0 && nowNanos - since > limitNanos;
    }
}
