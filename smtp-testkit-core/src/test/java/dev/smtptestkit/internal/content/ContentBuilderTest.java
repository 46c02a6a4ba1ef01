package dev.smtptestkit.internal.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentBuilderTest {

    private static final int FIRST = 16;
    private static final int SECOND = 64; // the next power of two above 16 + 64, less 64

    /** Octets that differ from their neighbours, so a block written out of order shows. */
    static byte[] pattern(int n) {
        byte[] out = new byte[n];
        for (int k = 0; k < n; k++) {
            out[k] = (byte) (k * 31 + k / 251);
        }
        return out;
    }

    private static Content built(byte[] data, int firstBlock) {
        ContentBuilder builder = new ContentBuilder(firstBlock, Integer.MAX_VALUE);
        builder.append(data, 0, data.length);
        assertThat(builder.length()).isEqualTo(data.length);
        return builder.content();
    }

    @Test
    void emptyMessageHoldsNoBlock() {
        Content content = new ContentBuilder(FIRST, 100).content();

        assertThat(content.length()).isZero();
        assertThat(content.blockCount()).isZero();
        assertThat(content.capacity()).isZero();
        assertThat(content.toArray()).isEmpty();
        assertThat(content.text(0, 0)).isEmpty();
        assertThat(content.indexOf((byte) '\n', 0)).isEqualTo(-1);
        assertThat(content.stream().read()).isEqualTo(-1);
        assertThatThrownBy(() -> content.byteAt(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, FIRST - 1, FIRST, FIRST + 1, FIRST + SECOND - 1, FIRST + SECOND, FIRST + SECOND + 1})
    void keepsEveryOctetAroundBlockBoundaries(int length) {
        byte[] data = pattern(length);

        Content content = built(data, FIRST);

        assertThat(content.length()).isEqualTo(length);
        assertThat(content.toArray()).isEqualTo(data);
        for (int k = 0; k < length; k++) {
            assertThat(content.byteAt(k)).as("octet %d", k).isEqualTo(data[k]);
        }
        // blocks of 16, 64, 192...: one block up to 16 octets, two up to 80
        assertThat(content.blockCount()).isEqualTo(length <= FIRST ? 1 : length <= FIRST + SECOND ? 2 : 3);
        assertThatThrownBy(() -> content.byteAt(length)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void exactlyOneBlockIsFullWithNoRoomLeft() {
        Content content = built(pattern(FIRST), FIRST);

        assertThat(content.blockCount()).isEqualTo(1);
        assertThat(content.capacity()).isEqualTo(FIRST);
    }

    @Test
    void aSmallMessageKeepsOnlyItsOctetsNotTheRestOfItsFirstBlock() {
        byte[] data = pattern(1100); // a 1 KiB message with its headers, in the 4 KiB first block

        Content content = built(data, 4096);

        assertThat(content.toArray()).isEqualTo(data);
        assertThat(content.blockCount()).isEqualTo(1);
        assertThat(content.capacity()).isEqualTo(1100);
    }

    @Test
    void aLastBlockAtLeastHalfFullIsKeptAsItIs() {
        Content content = built(pattern(2048), 4096);

        assertThat(content.capacity()).isEqualTo(4096);
    }

    @Test
    void aMostlyEmptyLastBlockAfterOthersIsTrimmedToo() {
        // blocks of 16 and 64: 20 octets leave 4 in the second
        Content content = built(pattern(FIRST + 4), FIRST);

        assertThat(content.toArray()).isEqualTo(pattern(FIRST + 4));
        assertThat(content.blockCount()).isEqualTo(2);
        assertThat(content.capacity()).isEqualTo(FIRST + 4);
    }

    @Test
    void aLargeLastBlockIsNeverCopied() {
        // 4 KiB, 8 KiB - 64, ..., the last of 128 KiB - 64 holds 1 octet: over TRIM_UP_TO, kept
        int before = 4096 + (8192 - 64) + (16384 - 64) + (32768 - 64) + (65536 - 64);
        Content content = built(pattern(before + 1), 4096);

        assertThat(content.blockCount()).isEqualTo(6);
        assertThat(content.capacity()).isEqualTo(before + 128 * 1024 - 64);
    }

    @Test
    void theContentIsBuiltOnceUntilMoreIsAppended() {
        ContentBuilder builder = new ContentBuilder(FIRST, Integer.MAX_VALUE);
        builder.append(pattern(10), 0, 10);

        Content first = builder.content();
        assertThat(builder.content()).isSameAs(first);

        builder.append('x');
        Content more = builder.content();
        assertThat(more).isNotSameAs(first);
        assertThat(more.length()).isEqualTo(11);
        assertThat(more.byteAt(10)).isEqualTo((byte) 'x');
        assertThat(first.length()).isEqualTo(10);
    }

    @Test
    void octetByOctetAndBulkAppendsBuildTheSameContent() {
        byte[] data = pattern(5000);
        ContentBuilder builder = new ContentBuilder(FIRST, Integer.MAX_VALUE);
        Random random = new Random(7);
        int k = 0;
        while (k < data.length) {
            if (random.nextBoolean()) {
                builder.append(data[k++]);
            } else {
                int n = Math.min(random.nextInt(100), data.length - k);
                builder.append(data, k, n);
                k += n;
            }
        }

        assertThat(builder.content().toArray()).isEqualTo(data);
    }

    @Test
    void fiveMebibytesUseDoublingBlocksUpToTheCapAndWasteAtMostOneBlock() {
        byte[] data = pattern(5 << 20);

        Content content = built(data, 4096);

        assertThat(content.toArray()).isEqualTo(data);
        // 4 KiB, then 8 KiB - 64 ... 512 KiB - 64 (8 blocks in all), then 1 MiB - 64: 4 full, one begun
        long doubling = 4096 + (1024 * 1024 - 8192) - 7 * 64;
        assertThat(content.blockCount()).isEqualTo(13);
        assertThat(content.capacity()).isEqualTo(doubling + 5L * ContentBuilder.MAX_BLOCK);
        assertThat(ContentBuilder.MAX_BLOCK).isEqualTo(1024 * 1024 - 64);
        assertThat(content.capacity() - content.length()).isLessThan(ContentBuilder.MAX_BLOCK);
    }

    @Test
    void noBlockReachesPastTheCapacity() {
        ContentBuilder builder = new ContentBuilder(FIRST, 20);
        builder.append(pattern(20), 0, 20);

        assertThat(builder.content().capacity()).isEqualTo(20);
        assertThatThrownBy(() -> builder.append('x'))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("message content cannot grow past 20 octets");
    }

    @Test
    void findsOctetsAndDecodesTextAcrossBlocks() {
        // "é" is two octets in UTF-8; placed on the boundary between the first two blocks
        byte[] data = ("x".repeat(FIRST - 1) + "é\r\nend").getBytes(StandardCharsets.UTF_8);

        Content content = built(data, FIRST);

        assertThat(content.text(0, data.length)).isEqualTo("x".repeat(FIRST - 1) + "é\r\nend");
        assertThat(content.text(FIRST - 1, FIRST + 1)).isEqualTo("é");
        assertThat(content.text(FIRST + 3, data.length)).isEqualTo("end");
        assertThat(content.indexOf((byte) '\n', 0)).isEqualTo(FIRST + 2);
        assertThat(content.indexOf((byte) '\n', FIRST + 3)).isEqualTo(-1);
        assertThat(content.indexOf((byte) 'x', FIRST - 1)).isEqualTo(-1);
    }

    @Test
    void oneArrayIsKeptAsItIsWithItsLength() {
        byte[] array = pattern(10);

        Content content = Content.of(array, 6);

        assertThat(content.length()).isEqualTo(6);
        assertThat(content.capacity()).isEqualTo(10);
        assertThat(content.toArray()).isEqualTo(java.util.Arrays.copyOf(array, 6));
        array[0] = 42; // kept, not copied
        assertThat(content.byteAt(0)).isEqualTo((byte) 42);
        assertThatThrownBy(() -> Content.of(array, 11)).isInstanceOf(IllegalArgumentException.class);
    }
}
