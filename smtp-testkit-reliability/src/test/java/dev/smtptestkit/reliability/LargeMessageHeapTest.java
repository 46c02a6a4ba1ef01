package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A big message costs about its own size on the heap while it arrives and afterwards, whether the
 * client declares its size (SIZE, RFC 1870) or not: the receiver stores it in blocks sized by what
 * arrived, never grows an array by copying and never joins the blocks at the end.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LargeMessageHeapTest {

    private static final int LINE = 78;                 // 76 octets of text + CRLF
    private static final int LINES = (48 << 20) / LINE; // about 48 MiB
    private static final byte[] HEADER = ("From: big@x.test\r\nTo: r@x.test\r\nSubject: big\r\n"
            + "Date: Mon, 30 Nov 2026 01:00:00 +0000\r\nMessage-ID: <big@x.test>\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final long SIZE = HEADER.length + (long) LINES * LINE;
    private static final long MIB = 1 << 20;

    // Line k: its number in 8 digits, then letters that shift with it, so a misplaced block shows.
    // Written in place: the client makes no garbage that the heap peak would count.
    private static void line(int k, byte[] into) {
        int number = k;
        for (int i = 7; i >= 0; i--) {
            into[i] = (byte) ('0' + number % 10);
            number /= 10;
        }
        for (int i = 8; i < LINE - 2; i++) {
            into[i] = (byte) ('a' + (k + i) % 26);
        }
        into[LINE - 2] = '\r';
        into[LINE - 1] = '\n';
    }

    // Sum of the heap pools' peaks since the last reset: at least the true peak of the whole heap.
    private static long heapPeak(List<MemoryPoolMXBean> pools) {
        return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    @ParameterizedTest(name = "declares SIZE: {0}")
    @ValueSource(booleans = {false, true})
    void messageCostsAboutItsSizeWhileArrivingAndAfterwards(boolean declaresSize) throws IOException {
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
        try (SmtpReceiver receiver = SmtpReceiver.builder().start(); RawClient smtp = RawClient.ready(receiver.port())) {
            smtp.send("MAIL FROM:<big@x.test>" + (declaresSize ? " SIZE=" + SIZE : "")
                    + "\r\nRCPT TO:<r@x.test>\r\nDATA\r\n");
            smtp.expect(250);
            smtp.expect(250);
            smtp.expect(354);
            long before = Heap.usedAfterGc();
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);

            OutputStream out = new BufferedOutputStream(smtp.socket().getOutputStream(), 64 * 1024);
            out.write(HEADER);
            byte[] line = new byte[LINE];
            for (int k = 0; k < LINES; k++) {
                line(k, line);
                out.write(line);
            }
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(smtp.reply().status()).isEqualTo("250 2.0.0");
            long peak = heapPeak(pools) - before;
            ReceivedEmail email = receiver.mailbox().singleEmail();
            long retained = Heap.usedAfterGc() - before;

            assertThat(email.size()).isEqualTo(SIZE);
            assertSameContent(email.rawStream());
            System.out.printf("%s %s SIZE: heap peak growth %s (%.2fx), retained %s (%.2fx)%n",
                    Heap.mib(SIZE), declaresSize ? "with" : "without", Heap.mib(peak), (double) peak / SIZE,
                    Heap.mib(retained), (double) retained / SIZE);
            assertThat(retained).as("retained growth").isLessThanOrEqualTo(SIZE + 2 * MIB);
            assertThat(peak).as("peak growth while receiving").isLessThanOrEqualTo(SIZE * 3 / 2);
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
        }
    }

    private static void assertSameContent(InputStream raw) throws IOException {
        assertThat(raw.readNBytes(HEADER.length)).isEqualTo(HEADER);
        byte[] expected = new byte[LINE];
        byte[] actual = new byte[LINE];
        for (int k = 0; k < LINES; k++) {
            line(k, expected);
            assertThat(raw.readNBytes(actual, 0, LINE)).isEqualTo(LINE);
            if (!Arrays.equals(actual, expected)) {
                throw new AssertionError("line " + k + " differs: "
                        + new String(actual, StandardCharsets.US_ASCII).strip());
            }
        }
        assertThat(raw.read()).isEqualTo(-1);
    }
}
