package dev.smtptestkit.internal.content;

/**
 * Blocks of {@value #SIZE} octets that a reused session thread (Java 17-20) keeps from one of its
 * sessions to the next: a session takes one for its input, one for its replies and one for the
 * first block of each message, and without this allocated (and the JVM zeroed) all three for
 * every connection, which is one message each when the client is {@code Transport.send}.
 *
 * <p>A block taken holds whatever its last user left in it: its taker writes before it reads. A
 * block is given back by the thread that took it, once nothing refers to it any more (a
 * message's first block is copied out first, see {@link ContentBuilder#content()}); a block
 * never given back (a session that ended abruptly) is left to the collector, and the next taker
 * gets a new one. A thread that keeps none (virtual threads, which are not reused, and every
 * other thread) gets a new block each time, and nothing is kept for it.
 */
public final class ScratchBlocks {

    /** The size of a block. */
    public static final int SIZE = 4096;
    // Input, replies, one message's first block, and one more for a block given back late.
    private static final int KEPT = 4;
    private static final ThreadLocal<ScratchBlocks> OF_THREAD = new ThreadLocal<>();
    // Until a thread keeps blocks, no thread is looked up (Java 21+: virtual threads only).
    private static volatile boolean anyKept;

    private final byte[][] spare = new byte[KEPT][];
    private int count;

    private ScratchBlocks() {
    }

    /** Makes the calling thread keep the blocks given back on it (a session thread that is reused). */
    public static void keepOnThisThread() {
        if (OF_THREAD.get() == null) {
            OF_THREAD.set(new ScratchBlocks());
            anyKept = true;
        }
    }

    /** A block of {@value #SIZE} octets, its content undefined: one this thread kept, or a new one. */
    public static byte[] take() {
        return take(SIZE);
    }

    /**
     * A block, its content undefined: one of {@value #SIZE} octets this thread kept, or a new one:
     * of {@value #SIZE} octets on a thread that keeps blocks (so that it can keep it), of
     * {@code otherwise} octets on any other (a buffer that has no need of the larger size).
     */
    public static byte[] take(int otherwise) {
        byte[] block = lend();
        return block != null ? block : new byte[otherwise];
    }

    /**
     * On a thread that keeps blocks, a block of {@value #SIZE} octets, its content undefined (one
     * it kept, or a new one it can keep once given back); null on any other thread.
     */
    public static byte[] lend() {
        ScratchBlocks kept = ofThisThread();
        if (kept == null) {
            return null;
        }
        if (kept.count == 0) {
            return new byte[SIZE];
        }
        byte[] block = kept.spare[--kept.count];
        kept.spare[kept.count] = null;
        return block;
    }

    /**
     * Gives a block back that nothing refers to any more. One of another size (a buffer that grew),
     * or on a thread that keeps none, or beyond the blocks a thread keeps, is left to the collector.
     */
    public static void give(byte[] block) {
        if (block == null || block.length != SIZE) {
            return;
        }
        ScratchBlocks kept = ofThisThread();
        if (kept == null || kept.count == KEPT) {
            return;
        }
        for (int k = 0; k < kept.count; k++) {
            if (kept.spare[k] == block) {
                return; // given back twice: kept once, or two takers would share it
            }
        }
        kept.spare[kept.count++] = block;
    }

    /** Whether the calling thread keeps the blocks given back on it (for tests). */
    static boolean keptHere() {
        return ofThisThread() != null;
    }

    /** How many blocks the calling thread keeps now (for tests). */
    static int keptOnThisThread() {
        ScratchBlocks kept = ofThisThread();
        return kept == null ? 0 : kept.count;
    }

    private static ScratchBlocks ofThisThread() {
        return anyKept ? OF_THREAD.get() : null;
    }
}
