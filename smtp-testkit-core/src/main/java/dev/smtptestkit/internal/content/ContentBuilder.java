package dev.smtptestkit.internal.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Appends octets into blocks: a small first block, then blocks doubling (2^k - 64 octets) up to
 * {@link #MAX_BLOCK}, each allocated only when the octets reach it, so the room a message takes
 * follows what arrived (at most about twice its length, and never more than one block over it).
 * A full block is never copied or grown, so while a message arrives the heap holds its octets plus
 * at most one partly filled block, and {@link #content()} hands the blocks over as they are, but
 * for a small, mostly empty last block, which it trims to its octets.
 */
public final class ContentBuilder {

    // Room left for the array header below each power of two. With G1 and a heap under 4 GiB the
    // region is 1 MiB, and an array of half a region or more ("humongous") takes whole regions: a
    // byte[1 MiB] is 16 octets over one region and would occupy two, doubling the heap a message
    // costs. Blocks of 2^k - 64 octets fit their power of two, header included.
    private static final int HEADER_ROOM = 64;

    /** The largest block allocated after the first (1 MiB less header room): the bound on unused room. */
    public static final int MAX_BLOCK = 1024 * 1024 - HEADER_ROOM;
    private static final int MAX_LENGTH = Integer.MAX_VALUE - 16;
    /** The largest last block {@link #content()} trims to its length. */
    static final int TRIM_UP_TO = 64 * 1024;

    private final List<byte[]> blocks = new ArrayList<>();
    private final long capacity;
    private int nextBlock;
    private byte[] current;
    private int used;
    private int filled;
    // What content() last returned, until the next append: the end of a message asks for it
    // several times (the header checks, each finding's line, the delivery).
    private Content built;
    // The first block when it came from the thread's scratch blocks: copied out and given back
    // by content(), so no content ever shares it.
    private byte[] lent;

    /**
     * Starts empty; no block is allocated before the first octet.
     *
     * @param firstBlock the size of the first block (at least 1)
     * @param capacity   the most octets that will be appended: no block reaches past it
     */
    public ContentBuilder(int firstBlock, long capacity) {
        if (firstBlock < 1) {
            throw new IllegalArgumentException("first block of " + firstBlock + " octets");
        }
        this.nextBlock = firstBlock;
        this.capacity = Math.min(capacity, MAX_LENGTH);
    }

    /** Appends one octet. */
    public void append(int b) {
        built = null;
        if (current == null || used == current.length) {
            addBlock();
        }
        current[used++] = (byte) b;
    }

    /** Appends {@code n} octets of {@code src} from {@code off}, a bulk copy per block. */
    public void append(byte[] src, int off, int n) {
        built = null;
        int from = off;
        int left = n;
        while (left > 0) {
            if (current == null || used == current.length) {
                addBlock();
            }
            int k = Math.min(left, current.length - used);
            System.arraycopy(src, from, current, used, k);
            used += k;
            from += k;
            left -= k;
        }
    }

    /** The octets appended so far. */
    public int length() {
        return filled + used;
    }

    /**
     * The octets so far, sharing the blocks; append no more after handing the content on. A last
     * block of at most {@value #TRIM_UP_TO} octets that is more than half empty is first copied to
     * the length it holds (a copy of at most half that), so a small message, the usual case, keeps
     * only its octets: a 1 KiB message in the 4 KiB first block cost 4 KiB for as long as it is kept.
     * A first block lent by the thread ({@link ScratchBlocks}) is always copied out (to its octets)
     * and given back, so the content shares no block with the next message.
     * Asked again with nothing appended in between, it returns the same content.
     */
    public Content content() {
        if (built != null) {
            return built;
        }
        if (lent != null) {
            byte[] own = Arrays.copyOf(lent, current == lent ? used : lent.length);
            blocks.set(0, own);
            if (current == lent) {
                current = own;
            }
            ScratchBlocks.give(lent);
            lent = null;
        }
        if (current != null && used < current.length / 2 && current.length <= TRIM_UP_TO) {
            current = Arrays.copyOf(current, used);
            blocks.set(blocks.size() - 1, current);
        }
        built = new Content(blocks.toArray(new byte[0][]), length());
        return built;
    }

    private void addBlock() {
        long room = capacity - length();
        if (room <= 0) {
            throw new IllegalStateException("message content cannot grow past " + length() + " octets");
        }
        if (current != null) {
            filled += current.length;
        }
        int size = (int) Math.min(nextBlock, room);
        if (blocks.isEmpty() && size == ScratchBlocks.SIZE) {
            lent = ScratchBlocks.lend(); // a session thread's spare (null elsewhere): copied out at the end
            current = lent != null ? lent : new byte[size];
        } else {
            current = new byte[size];
        }
        used = 0;
        blocks.add(current);
        nextBlock = (int) Math.min(MAX_BLOCK, 2L * Integer.highestOneBit(size + HEADER_ROOM) - HEADER_ROOM);
    }
}
