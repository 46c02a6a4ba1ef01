package dev.smtptestkit.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bulk data path (DotDecoder run hand-over, MessageSink.write(byte[])) must behave exactly as
 * the octet-at-a-time code it replaced: same consumed counts, same end of data, same stored octets,
 * same totals and overflow, same line faults. Random inputs rich in dots, CR, LF, 8-bit octets and
 * long lines, cut into random slices, fed to both.
 */
class DataPathEquivalenceTest {

    private static final byte[] ALPHABET = {'a', 'b', ' ', '.', '.', '\r', '\n', '\r', '\n', (byte) 0xC3, '\t', 0};

    @Test
    void bulkPathMatchesTheOctetAtATimeReference() {
        Random random = new Random(42);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] input = input(random);
            long limit = random.nextInt(4) == 0 ? 1 + random.nextInt(600) : 1 << 20;
            compare(input, limit, random, trial);
            compareChunk(input, limit, random, trial);
        }
    }

    /** BDAT hands chunks straight to MessageSink.write(byte[]), with no dot decoding. */
    private static void compareChunk(byte[] input, long limit, Random random, int trial) {
        ReferenceMessageSink ref = new ReferenceMessageSink(limit, 0);
        MessageSink sink = new MessageSink(limit, 0);
        int off = 0;
        while (off < input.length) {
            int n = 1 + random.nextInt(Math.min(input.length - off, 500));
            ref.write(input, off, n);
            sink.write(input, off, n);
            off += n;
        }
        ref.finish();
        sink.finish();
        assertSame(sink, ref, trial);
    }

    @Test
    void endsOnlyAtCrlfDotCrlfAndUnstuffsLeadingDots() {
        byte[] input = "..one\r\nbare\nlf.\r\n\r\n.\r\nafter".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        MessageSink sink = new MessageSink(1 << 20, 0);
        int r = new DotDecoder().feed(input, 0, input.length, sink);
        assertThat(-1 - r).isEqualTo(input.length - "after".length());
        assertThat(new String(sink.content().toArray(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo(".one\r\nbare\nlf.\r\n\r\n");
        sink.finish();
        assertThat(sink.bareLineText()).isEqualTo("bare\\n"); // the bare LF shown
    }

    private static byte[] input(Random random) {
        if (random.nextInt(4) == 0) {
            return linesNearTheLimit(random);
        }
        // one in four past the first blocks (4 KiB, then 8 KiB - 64 octets), so lines cross blocks
        int length = random.nextInt(4) == 0 ? random.nextInt(20_000) : random.nextInt(3000);
        byte[] input = new byte[length];
        int mode = random.nextInt(3);
        for (int k = 0; k < length; k++) {
            if (mode == 0 || random.nextInt(10) < 2) {
                input[k] = ALPHABET[random.nextInt(ALPHABET.length)];
            } else {
                input[k] = (byte) ('a' + random.nextInt(26)); // long printable runs, some over 1000 octets
            }
            if (mode == 2 && random.nextInt(80) == 0 && k + 5 < length) {
                input[k] = '\r';
                input[++k] = '\n';
                input[++k] = '.';
            }
        }
        return input;
    }

    // RFC 5321 4.5.3.1.6: 998 octets plus CRLF is the longest legal line; probe around it.
    private static byte[] linesNearTheLimit(Random random) {
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < 3; line++) {
            text.append("x".repeat(995 + random.nextInt(8))).append(random.nextInt(5) == 0 ? "\n" : "\r\n");
        }
        return text.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void compare(byte[] input, long limit, Random random, int trial) {
        ReferenceDotDecoder refDecoder = new ReferenceDotDecoder();
        ReferenceMessageSink ref = new ReferenceMessageSink(limit, 0);
        DotDecoder decoder = new DotDecoder();
        MessageSink sink = new MessageSink(limit, 0);
        int off = 0;
        boolean ended = false;
        while (off < input.length && !ended) {
            int n = 1 + random.nextInt(Math.min(input.length - off, random.nextBoolean() ? 7 : 700));
            int expected = refDecoder.feed(input, off, n, ref);
            int actual = decoder.feed(input, off, n, sink);
            assertThat(actual).as("trial %d at %d", trial, off).isEqualTo(expected);
            ended = expected < 0;
            off += ended ? -1 - expected : expected;
        }
        ref.finish();
        sink.finish();
        assertSame(sink, ref, trial);
    }

    private static void assertSame(MessageSink sink, ReferenceMessageSink ref, int trial) {
        assertThat(sink.content().length()).as("trial %d", trial).isEqualTo(ref.length());
        assertThat(sink.content().toArray()).isEqualTo(Arrays.copyOf(ref.array(), ref.length()));
        assertThat(sink.total()).isEqualTo(ref.total());
        assertThat(sink.overflow()).isEqualTo(ref.overflow());
        assertThat(sink.bareLineText()).isEqualTo(ref.bareLineText());
        assertThat(sink.longLineText()).isEqualTo(ref.longLineText());
        assertThat(sink.eightBitLineText()).isEqualTo(ref.eightBitLineText());
    }
}
