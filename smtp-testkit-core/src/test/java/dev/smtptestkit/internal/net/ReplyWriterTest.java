package dev.smtptestkit.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.internal.protocol.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reply writer sends a batch of replies, multi-line ones included, in one write. */
class ReplyWriterTest {

    /** Records each write call separately. */
    private static final class Writes extends ByteArrayOutputStream {
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            calls.add(new String(b, off, len, StandardCharsets.UTF_8));
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            calls.add(String.valueOf((char) b));
            super.write(b);
        }
    }

    @Test
    void aBatchOfRepliesLeavesInOneWrite() throws Exception {
        Writes out = new Writes();
        ReplyWriter writer = new ReplyWriter(out);

        writer.queue(new Reply(250, "", List.of("mx greets c", "PIPELINING", "SIZE 10")));
        writer.queue(new Reply(250, "2.1.0", List.of("Sender OK")));
        writer.queue(new Reply(250, "2.1.5", List.of("Recipient OK")));
        assertThat(out.calls).isEmpty();
        writer.flush();

        assertThat(out.calls).containsExactly("250-mx greets c\r\n250-PIPELINING\r\n250 SIZE 10\r\n"
                + "250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n");
        assertThat(writer.pending()).isFalse();
        writer.flush();
        assertThat(out.calls).as("nothing queued: no write").hasSize(1);
    }

    @Test
    void aWriteInProgressCountsAsBlocked() throws Exception {
        long[] seen = new long[1];
        ReplyWriter[] self = new ReplyWriter[1];
        ByteArrayOutputStream slow = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                seen[0] = self[0].blockedLongerThan(System.nanoTime() + 1_000_000_000L, 500_000_000L) ? 1 : 0;
                super.write(b, off, len);
            }
        };
        self[0] = new ReplyWriter(slow);
        self[0].queue(new Reply(250, "", List.of("OK")));
        self[0].flush();

        assertThat(seen[0]).as("blocked while writing").isEqualTo(1);
        assertThat(self[0].blockedLongerThan(System.nanoTime() + 1_000_000_000L, 500_000_000L)).isFalse();
    }
}
