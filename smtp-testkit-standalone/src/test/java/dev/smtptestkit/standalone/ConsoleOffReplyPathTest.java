package dev.smtptestkit.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.SmtpReceiver;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The console summary is off the reply path: a console that does not take output (a terminal
 * paused with Ctrl-S, a full pipe) holds up no reply, and what was queued is printed once it
 * takes output again, before the receiver's close() returns.
 */
@Timeout(30)
class ConsoleOffReplyPathTest {

    /** A console whose writes block until released, as a stalled terminal's do. */
    private static final class StalledConsole extends OutputStream {
        final CountDownLatch released = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (written) {
                written.write(b, off, len);
            }
        }

        String text() {
            synchronized (written) {
                return written.toString(StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void aStalledConsoleHoldsUpNoReplyAndIsPrintedInFullBeforeCloseReturns() throws Exception {
        StalledConsole console = new StalledConsole();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        SmtpReceiver receiver = Main.start(Options.parse("--port", "0"), out);
        try (Client client = new Client(receiver.port())) {
            // every reply arrives while the console has printed nothing at all
            for (int i = 1; i <= 3; i++) {
                assertThat(client.sendMessage("From: a@example.com\r\nSubject: m" + i + "\r\n\r\nbody\r\n"))
                        .startsWith("250 2.0.0 OK: message accepted as s1." + i);
            }
            assertThat(client.command("QUIT")).startsWith("221");
            assertThat(console.text()).isEmpty();
            assertThat(receiver.mailbox().emails()).hasSize(3);
        } finally {
            console.released.countDown();
            receiver.close();
        }
        assertThat(console.text()).contains("subject \"m1\"", "subject \"m2\"", "subject \"m3\"",
                "server stopped on 127.0.0.1:" + receiver.port());
    }

    @Test
    void theConsoleThreadOutlivesAStreamThatThrows() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CountDownLatch thrown = new CountDownLatch(1);
        OutputStream failingOnce = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (thrown.getCount() > 0) {
                    thrown.countDown();
                    throw new IllegalStateException("console gone for a moment");
                }
                printed.write(b, off, len);
            }
        };
        SmtpReceiver receiver = Main.start(Options.parse("--port", "0"), new PrintStream(failingOnce, true,
                StandardCharsets.UTF_8));
        try (Client client = new Client(receiver.port())) {
            assertThat(thrown.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(client.sendMessage("From: a@example.com\r\nSubject: after\r\n\r\nbody\r\n")).startsWith("250");
        } finally {
            receiver.close();
        }
        synchronized (failingOnce) {
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("subject \"after\"");
        }
    }
}
