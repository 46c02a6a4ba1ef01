package dev.smtptestkit.internal.content;

import jakarta.mail.internet.SharedInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads a range of a {@link Content} straight from its blocks. As a {@link SharedInputStream} it
 * lets Jakarta Mail's {@code MimeMessage} and {@code MimeMultipart} keep sub-streams (through
 * {@link #newStream}) instead of copying each part's octets, as {@code SharedByteArrayInputStream}
 * does for a single array. Not thread-safe, like any stream; each call of {@link Content#stream()}
 * or {@link #newStream} gives an independent one.
 */
public final class ContentStream extends InputStream implements SharedInputStream {

    private final Content content;
    private final int start;
    private final int end;
    private int pos;
    private int mark;

    // The block being read: octets [blockStart, blockLimit) of the content are in block.
    private byte[] block;
    private int blockStart;
    private int blockLimit = -1;

    ContentStream(Content content, int start, int end) {
        this.content = content;
        this.start = start;
        this.end = end;
        this.pos = start;
        this.mark = start;
    }

    @Override
    public int read() {
        if (pos >= blockLimit) {
            if (pos >= end) {
                return -1;
            }
            int i = content.block(pos);
            block = content.blockArray(i);
            blockStart = content.blockStart(i);
            blockLimit = Math.min(content.blockEnd(i), end);
        }
        int b = block[pos - blockStart] & 0xFF;
        pos++;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos >= end) {
            return -1;
        }
        int n = Math.min(len, end - pos);
        content.copyTo(pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        if (n <= 0) {
            return 0;
        }
        int k = (int) Math.min(n, end - pos);
        pos += k;
        return k;
    }

    @Override
    public int available() {
        return end - pos;
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public void mark(int readLimit) {
        mark = pos;
    }

    @Override
    public void reset() {
        pos = mark;
        blockLimit = -1; // pos may now lie before the cached block
    }

    /**
     * The position as an offset from the start of this stream.
     *
     * @return octets read or skipped since the start (moved back by {@link #reset()})
     */
    @Override
    public long getPosition() {
        return pos - start;
    }

    /**
     * A new stream over part of this one, sharing the blocks. Like {@code SharedByteArrayInputStream},
     * an end past this stream's end is cut to it.
     *
     * @param from where the new stream starts, as an offset from the start of this one
     * @param to   where it ends (exclusive), or -1 for the end of this stream
     * @return the new stream, positioned at its start
     * @throws IllegalArgumentException when {@code from} is negative
     */
    @Override
    public InputStream newStream(long from, long to) {
        if (from < 0) {
            throw new IllegalArgumentException("start < 0: " + from);
        }
        long length = end - start;
        long last = to == -1 ? length : Math.min(to, length);
        long first = Math.min(from, last);
        return new ContentStream(content, start + (int) first, start + (int) last);
    }
}
