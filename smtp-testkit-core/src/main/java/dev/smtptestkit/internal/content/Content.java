package dev.smtptestkit.internal.content;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The octets of one received message, held in the blocks they were received into (never joined,
 * so a big message is not copied at the end of data). Immutable once built: nobody writes to the
 * blocks after {@link ContentBuilder#content()}.
 *
 * <p>Every block but the last is full; the last holds the remaining octets and may have unused room.
 */
public final class Content {

    private final byte[][] blocks;
    private final int[] starts;
    private final int length;

    Content(byte[][] blocks, int length) {
        this.blocks = blocks;
        this.starts = new int[blocks.length];
        this.length = length;
        int start = 0;
        for (int i = 0; i < blocks.length; i++) {
            starts[i] = start;
            start += blocks[i].length;
        }
        if (length < 0 || length > start || (blocks.length > 0 && length <= starts[blocks.length - 1] && length > 0)) {
            throw new IllegalArgumentException("length " + length + " does not end in the last of "
                    + blocks.length + " blocks");
        }
    }

    /**
     * Content held in one array, kept as it is (not copied).
     *
     * @param array  holds the message in its first {@code length} octets
     * @param length the message size
     * @return the content
     */
    public static Content of(byte[] array, int length) {
        Objects.requireNonNull(array, "array");
        return new Content(new byte[][] {array}, length);
    }

    /** The message size in octets. */
    public int length() {
        return length;
    }

    /** How many blocks hold the message. */
    public int blockCount() {
        return blocks.length;
    }

    /** The octets the blocks occupy, used or not: what keeping this content costs. */
    public long capacity() {
        long sum = 0;
        for (byte[] block : blocks) {
            sum += block.length;
        }
        return sum;
    }

    /** The octet at {@code pos}. */
    public byte byteAt(int pos) {
        Objects.checkIndex(pos, length);
        int i = block(pos);
        return blocks[i][pos - starts[i]];
    }

    /** The position of the first {@code b} at or after {@code from}, or -1. */
    public int indexOf(byte b, int from) {
        int pos = Math.max(from, 0);
        while (pos < length) {
            int i = block(pos);
            byte[] block = blocks[i];
            int end = blockEnd(i) - starts[i];
            for (int k = pos - starts[i]; k < end; k++) {
                if (block[k] == b) {
                    return starts[i] + k;
                }
            }
            pos = blockEnd(i);
        }
        return -1;
    }

    /** Copies {@code n} octets from position {@code from} into {@code dst}. */
    public void copyTo(int from, byte[] dst, int dstOff, int n) {
        Objects.checkFromIndexSize(from, n, length);
        Objects.checkFromIndexSize(dstOff, n, dst.length);
        int pos = from;
        int done = 0;
        while (done < n) {
            int i = block(pos);
            int k = Math.min(n - done, blockEnd(i) - pos);
            System.arraycopy(blocks[i], pos - starts[i], dst, dstOff + done, k);
            pos += k;
            done += k;
        }
    }

    /** A new array with exactly the message octets. */
    public byte[] toArray() {
        byte[] out = new byte[length];
        copyTo(0, out, 0, length);
        return out;
    }

    /**
     * The octets from {@code from} (inclusive) to {@code to} (exclusive) decoded as UTF-8, invalid
     * sequences replaced. A range inside one block is decoded in place; a range across blocks is
     * first copied, so that a character split between blocks decodes whole.
     */
    public String text(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        if (from == to) {
            return "";
        }
        int i = block(from);
        if (to <= blockEnd(i)) {
            return new String(blocks[i], from - starts[i], to - from, StandardCharsets.UTF_8);
        }
        byte[] range = new byte[to - from];
        copyTo(from, range, 0, range.length);
        return new String(range, StandardCharsets.UTF_8);
    }

    /** A stream over the whole message that Jakarta Mail shares instead of copying. */
    public ContentStream stream() {
        return new ContentStream(this, 0, length);
    }

    // The index of the block holding pos (0 <= pos < length).
    int block(int pos) {
        int i = Arrays.binarySearch(starts, pos);
        return i >= 0 ? i : -i - 2;
    }

    byte[] blockArray(int i) {
        return blocks[i];
    }

    int blockStart(int i) {
        return starts[i];
    }

    // Where the message octets of block i end (the last block may have unused room).
    int blockEnd(int i) {
        return Math.min(starts[i] + blocks[i].length, length);
    }
}
