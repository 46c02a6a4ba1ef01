package dev.smtptestkit.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.SmtpReceiver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 point 8: with {@code --dump-dir} the runner keeps only the newest {@code --keep} emails in
 * memory (they are on disk), so a long run never fills the heap; without a dump directory it keeps all.
 */
@Timeout(120)
class RetentionTest {

    private static final int MIB = 1 << 20;
    private static final long NOISE = 16L << 20; // what a GC-measured heap may wander by

    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream(), true,
            StandardCharsets.UTF_8);

    private static long usedHeapAfterGc() {
        long least = Long.MAX_VALUE;
        for (int k = 0; k < 3; k++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** About {@code octets} of message: a Subject, then 998-character lines (RFC 5322 2.1.1). */
    private static byte[] message(int octets) {
        String line = "x".repeat(998) + "\r\n";
        StringBuilder m = new StringBuilder(octets + 1000).append("From: a@example.com\r\nSubject: big\r\n\r\n");
        while (m.length() < octets) {
            m.append(line);
        }
        return m.append(".\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void send(int port, byte[] data) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            for (String command : new String[] {"HELO test", "MAIL FROM:<a@example.com>", "RCPT TO:<b@example.com>", "DATA"}) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).matches("[23].*");
            }
            out.write(data);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("250 ");
            assertThat(in.readLine()).startsWith("221 ");
        }
    }

    @Test
    void withADumpDirectoryOnlyTheNewestKeepEmailsStayInMemory(@TempDir Path dir) throws Exception {
        int messages = 40;
        byte[] data = message(2 * MIB);
        SmtpReceiver receiver = Main.start(Options.parse("--port", "0", "--quiet", "--dump-dir", dir.toString(),
                "--keep", "5"), DISCARD);
        try {
            long start = usedHeapAfterGc();
            long afterTen = 0;
            for (int i = 0; i < messages; i++) {
                send(receiver.port(), data);
                if (i == 9) {
                    afterTen = usedHeapAfterGc(); // past --keep: from here on the heap must stay flat
                }
            }
            long afterAll = usedHeapAfterGc();
            assertThat(receiver.mailbox().size()).isEqualTo(5);
            assertThat(receiver.mailbox().droppedEmailCount()).isEqualTo(messages - 5);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.filter(p -> p.toString().endsWith(".eml")).count()).as("every email on disk")
                        .isEqualTo(messages);
            }
            System.out.printf("%d x 2 MiB through the runner with --keep 5: %d retained; heap %.1f MiB above the "
                    + "start after 10 emails, %.1f MiB after %d%n", messages, receiver.mailbox().size(),
                    (afterTen - start) / (double) MIB, (afterAll - start) / (double) MIB, messages);
            // Keeping every email would add 30 x 2 MiB between the two measurements.
            assertThat(afterAll - afterTen).as("heap growth from email 10 to email %d", messages).isLessThan(NOISE);
        } finally {
            receiver.close();
        }
    }

    @Test
    void withoutADumpDirectoryEveryEmailIsKept() throws Exception {
        SmtpReceiver receiver = Main.start(Options.parse("--port", "0", "--quiet", "--keep", "1"), DISCARD);
        try {
            for (int i = 0; i < 3; i++) {
                send(receiver.port(), message(100));
            }
            assertThat(receiver.mailbox().size()).isEqualTo(3);
            assertThat(receiver.mailbox().droppedEmailCount()).isZero();
        } finally {
            receiver.close();
        }
    }

    @Test
    void keepDefaultsTo100AndMustBePositive() {
        assertThat(Options.parse().keep).isEqualTo(100);
        assertThat(Options.parse("--keep=7").keep).isEqualTo(7);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.parse("--keep", "0"))
                .hasMessage("Option --keep must be between 1 and 2147483647, was 0.");
    }
}
