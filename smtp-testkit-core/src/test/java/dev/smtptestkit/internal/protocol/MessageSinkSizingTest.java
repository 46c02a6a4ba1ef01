package dev.smtptestkit.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.internal.content.Content;
import dev.smtptestkit.internal.content.ContentBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What a stored message costs is set by the octets that arrived, never by the size the client
 * declared (RFC 1870 SIZE is only the client's claim).
 */
class MessageSinkSizingTest {

    private static final long LIMIT = 64L * 1024 * 1024;
    private static final byte[] SMALL = ("From: a@x.test\r\nSubject: small\r\n\r\n"
            + "eighty octets or so, declared as 64 MiB\r\n").getBytes(StandardCharsets.US_ASCII);

    private static Content stored(long declared, byte[] message) {
        MessageSink sink = new MessageSink(LIMIT, declared);
        sink.write(message, 0, message.length);
        sink.finish();
        Content content = sink.content();
        assertThat(content.toArray()).isEqualTo(message);
        return content;
    }

    @Test
    void aHugeDeclaredSizeDoesNotReserveMemoryForASmallMessage() {
        Content content = stored(67_108_864, SMALL);

        // was one 8 MiB block (MAX_PREALLOCATION) for 80 octets: 100,000 times the message
        assertThat(content.capacity()).isLessThanOrEqualTo(4096);
    }

    @Test
    void anHonestSmallDeclaredSizeGetsABlockOfExactlyThatSize() {
        Content content = stored(SMALL.length, SMALL);

        assertThat(content.blockCount()).isEqualTo(1);
        assertThat(content.capacity()).isEqualTo(SMALL.length);
    }

    @Test
    void aMessageLargerThanDeclaredGrowsGeometricallyWithoutCopying() {
        byte[] message = new byte[3 * 1024 * 1024 + 17];
        Arrays.fill(message, (byte) 'x');

        Content content = stored(100, message);

        // blocks double up to MAX_BLOCK, so the unused room of the last block is bounded by both
        assertThat(content.capacity() - content.length()).isLessThan(ContentBuilder.MAX_BLOCK);
        assertThat(content.blockCount()).isLessThanOrEqualTo(3 + 20);
    }

    @Test
    void aTrueLargeDeclaredSizeCostsAboutTheMessage() {
        byte[] message = new byte[20 * 1024 * 1024];
        Arrays.fill(message, (byte) 'y');

        Content content = stored(message.length, message);

        assertThat(content.capacity()).isLessThanOrEqualTo(message.length + ContentBuilder.MAX_BLOCK);
    }
}
