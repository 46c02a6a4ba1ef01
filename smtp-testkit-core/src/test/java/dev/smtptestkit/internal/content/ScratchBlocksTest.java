package dev.smtptestkit.internal.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A reused session thread keeps the blocks its sessions give back and lends them to the next ones;
 * no block is lent twice at once, and a message's content never shares a lent block.
 */
class ScratchBlocksTest {

    /** Runs {@code body} on a new thread that keeps blocks, as a reused session thread does. */
    private static void onAKeepingThread(Runnable body) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                ScratchBlocks.keepOnThisThread();
                body.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        thread.start();
        done.get(10, TimeUnit.SECONDS);
    }

    private static Content message(byte fill, int length) {
        ContentBuilder builder = new ContentBuilder(ScratchBlocks.SIZE, Integer.MAX_VALUE);
        byte[] octets = new byte[length];
        Arrays.fill(octets, fill);
        builder.append(octets, 0, length);
        return builder.content();
    }

    @Test
    void aThreadThatKeepsNoneGetsANewBlockEachTimeAndKeepsNothing() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread plain = new Thread(() -> {
            byte[] a = ScratchBlocks.take();
            ScratchBlocks.give(a);
            byte[] b = ScratchBlocks.take();
            seen.complete((a != b) + " " + a.length + " " + ScratchBlocks.take(1024).length + " "
                    + ScratchBlocks.keptHere() + " " + ScratchBlocks.keptOnThisThread());
        });
        plain.start();
        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("true 4096 1024 false 0");
    }

    @Test
    void aKeepingThreadLendsAGivenBlockAgainOnceOnly() throws Exception {
        onAKeepingThread(() -> {
            assertThat(ScratchBlocks.keptHere()).isTrue();
            byte[] a = ScratchBlocks.take(1024);
            assertThat(a).hasSize(ScratchBlocks.SIZE); // the size it can keep
            ScratchBlocks.give(a);
            ScratchBlocks.give(a); // twice by mistake: kept once
            ScratchBlocks.give(new byte[1024]); // another size: not kept
            ScratchBlocks.give(null);
            assertThat(ScratchBlocks.keptOnThisThread()).isEqualTo(1);
            assertThat(ScratchBlocks.take()).isSameAs(a);
            assertThat(ScratchBlocks.take()).isNotSameAs(a);
        });
    }

    @Test
    void aKeepingThreadKeepsAtMostFourBlocks() throws Exception {
        onAKeepingThread(() -> {
            for (int k = 0; k < 6; k++) {
                ScratchBlocks.give(new byte[ScratchBlocks.SIZE]);
            }
            assertThat(ScratchBlocks.keptOnThisThread()).isEqualTo(4);
        });
    }

    @Test
    void aMessagesContentSharesNoLentBlockAndTheNextMessageCannotAlterIt() throws Exception {
        onAKeepingThread(() -> {
            for (int length : new int[] {0, 1, 1000, ScratchBlocks.SIZE - 1, ScratchBlocks.SIZE, ScratchBlocks.SIZE + 1,
                    3 * ScratchBlocks.SIZE}) {
                Content first = message((byte) 'a', length);
                assertThat(ScratchBlocks.keptOnThisThread()).as("length %d", length).isEqualTo(length == 0 ? 0 : 1);
                byte[] lent = ScratchBlocks.take();
                ScratchBlocks.give(lent);
                Content second = message((byte) 'b', ScratchBlocks.SIZE + 10); // writes over the whole lent block
                assertThat(ScratchBlocks.take()).as("lent again, length %d", length).isSameAs(lent);

                byte[] a = new byte[length];
                Arrays.fill(a, (byte) 'a');
                assertThat(first.toArray()).as("length %d", length).isEqualTo(a);
                if (length <= ScratchBlocks.SIZE) {
                    assertThat(first.capacity()).as("a small message keeps only its octets").isEqualTo(length);
                }
                assertThat(second.toArray()).containsOnly((byte) 'b').hasSize(ScratchBlocks.SIZE + 10);
                ScratchBlocks.give(lent);
            }
        });
    }
}
