package dev.smtptestkit.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link Framer#justRead()}: it lets a connection skip asking the kernel whether more input waits
 * (FIONREAD) after a command line that ends what a read returned with room to spare.
 */
class FramerTest {

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aReadWithRoomToSpareIsJustReadUntilSomethingIsTakenOut() throws IOException {
        Framer framer = new Framer(new byte[64]);
        assertThat(framer.justRead()).isFalse();
        assertThat(framer.read(input("NOOP\r\nQUIT\r\n"), false)).isEqualTo(12);
        assertThat(framer.justRead()).isTrue();
        framer.consume(framer.findCrlf(512) + 2 - framer.position());
        assertThat(framer.justRead()).as("the second line waited for the first one's work").isFalse();
        assertThat(framer.available()).isEqualTo(6);
    }

    @Test
    void aReadThatFillsItsRoomIsNotJustRead() throws IOException {
        Framer framer = new Framer(new byte[8]);
        assertThat(framer.read(input("NOOP\r\nQUIT\r\n"), false)).isEqualTo(8);
        assertThat(framer.justRead()).as("more may be waiting behind a full read").isFalse();
    }

    @Test
    void theEndOfStreamAndADiscardAreNotJustRead() throws IOException {
        Framer framer = new Framer(new byte[64]);
        framer.read(input("NOOP\r\n"), false);
        framer.discard();
        assertThat(framer.justRead()).isFalse();
        assertThat(framer.read(input(""), false)).isEqualTo(-1);
        assertThat(framer.justRead()).isFalse();
    }

    @Test
    void aLineCompletedByTheNextReadIsJustRead() throws IOException {
        Framer framer = new Framer(new byte[64]);
        framer.read(input("MAIL FROM:<a@exa"), false);
        assertThat(framer.findCrlf(512)).isEqualTo(-1);
        framer.read(input("mple.com>\r\n"), false);
        assertThat(framer.justRead()).isTrue();
        assertThat(framer.findCrlf(512)).isEqualTo(25);
    }
}
