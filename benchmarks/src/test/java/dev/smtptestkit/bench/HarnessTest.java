package dev.smtptestkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The harness's own parts: every contender records what the client sent; the sink frames correctly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HarnessTest {

    @ParameterizedTest
    @EnumSource(value = Contender.class, names = {"POSTFIX_SINK", "SMTP_TESTKIT_BASE"}, mode = EnumSource.Mode.EXCLUDE)
    void everyContenderRecordsEachAcknowledgedMessage(Contender contender) throws Exception {
        recordsBothMessages(contender);
    }

    /** The other build (-Dbench.base=jar) exists only when one is named: without it there is nothing to start. */
    @Test
    void theOtherBuildRecordsEachAcknowledgedMessageWhenOneIsNamed() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Baseline.named(), Baseline.missing());
        recordsBothMessages(Contender.SMTP_TESTKIT_BASE);
    }

    private static void recordsBothMessages(Contender contender) throws Exception {
        assertThat(contender.records()).isTrue();
        try (Contender.Running running = contender.start(Contender.Options.DEFAULTS)) {
            try (SmtpClient client = SmtpClient.open(running.port(), 10_000)) {
                client.send(Messages.of(1024));
                client.send(Messages.of(100 * 1024));
                client.quit();
            }
            assertThat(Throughput.awaitRecorded(running, 2)).isEqualTo(2);
        }
    }

    /** Postfix's smtp-sink keeps nothing: it must answer the same transactions, and say it records nothing. */
    @Test
    void postfixSmtpSinkAcceptsEachMessageAndReportsThatItRecordsNothing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Postfix.hasSink(), Postfix.missingSink());
        assertThat(Contender.POSTFIX_SINK.records()).isFalse();
        try (Contender.Running running = Contender.POSTFIX_SINK.start(Contender.Options.DEFAULTS)) {
            try (SmtpClient client = SmtpClient.open(running.port(), 10_000)) {
                client.send(Messages.of(1024));
                client.send(Messages.of(100 * 1024));
                client.quit();
            }
            assertThat(running.recordedCount()).isEqualTo(-1);
        }
    }

    @Test
    void messagesHaveTheExactSizeAndNoLineNeedsDotStuffing() {
        for (int size : new int[] {300, 1024, 100 * 1024}) {
            byte[] message = Messages.of(size);
            String text = new String(message, StandardCharsets.US_ASCII);
            assertThat(message).hasSize(size);
            assertThat(text).endsWith("\r\n").doesNotContain("\n.").doesNotContain("\r\n\r\n.");
            assertThat(text.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        }
    }

    @Test
    void rawSinkFindsTheEndOfDataAcrossWritesAndOnlyAtCrlfDotCrlf() throws Exception {
        RawSink sink = RawSink.start();
        try (sink; Socket socket = new Socket(Contender.LOOPBACK, sink.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            readLine(in); // 220
            for (String command : new String[] {"EHLO x", "MAIL FROM:<a@x>", "RCPT TO:<b@x>", "DATA"}) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                readLine(in);
            }
            // "..x" and LF.LF are content; the end is CRLF . CRLF, here split over two writes
            out.write("line\r\n..x\n.\nmore\r\n.".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).startsWith("250");
            assertThat(sink.messages()).isEqualTo(1);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).startsWith("221");
        }
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString().strip();
    }

    /** A round measures each contender on a collected heap and counts the collections inside it. */
    @Test
    void eachMeasurementStartsOnACollectedHeapAndItsOwnCollectionsAreNoted() {
        Results results = new Results();
        Results.Metric metric = results.metric("0. test", "allocating", "ms", false, null);
        List<Object> kept = new java.util.ArrayList<>();
        metric.round(Rounds.round(List.of(Contender.RAW_SINK, Contender.SMTP_TESTKIT), 0, metric, c -> {
            long before = Gc.snapshot().count();
            if (c == Contender.SMTP_TESTKIT) {
                for (int i = 0; i < 64; i++) {
                    kept.add(new byte[1 << 20]);
                    System.gc(); // as if its own garbage filled the young generation 64 times
                    kept.clear();
                }
            }
            return Gc.snapshot().count() - before;
        }));
        assertThat(metric.values().get(Contender.SMTP_TESTKIT)).containsExactly(64.0);
        assertThat(metric.notesOf(Contender.SMTP_TESTKIT)).startsWith("GC in its rounds: 64 pauses, ");
        assertThat(metric.notesOf(Contender.RAW_SINK)).isEmpty();
        metric.note(Contender.SMTP_TESTKIT, "failed once");
        assertThat(metric.notesOf(Contender.SMTP_TESTKIT)).startsWith("failed once; GC in its rounds: 64 pauses, ");
        assertThat(Gc.snapshot().count()).as("the settling collections before each").isGreaterThanOrEqualTo(2 + 64);
    }
}
