package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.testing.SmtpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many clients at once: every message recorded exactly once, byte-exact, in each session's order. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentSessionsTest {

    private static final int CLIENTS = 32;
    private static final int MESSAGES = 20;

    /** A random body: lines of random length, some starting with one or two dots, some empty. */
    private static String randomMessage(Random random, String sequence) {
        StringBuilder m = new StringBuilder("Subject: message ").append(sequence).append("\r\n")
                .append("X-Seq: ").append(sequence).append("\r\n\r\n");
        int lines = 1 + random.nextInt(60);
        for (int i = 0; i < lines; i++) {
            int kind = random.nextInt(6);
            if (kind == 0) {
                m.append('.');
            } else if (kind == 1) {
                m.append("..");
            } else if (kind == 2) {
                m.append("\r\n");
                continue;
            }
            int length = random.nextInt(200);
            for (int k = 0; k < length; k++) {
                m.append((char) (' ' + random.nextInt(95)));
            }
            m.append("\r\n");
        }
        return m.toString();
    }

    @Test
    void everyMessageIsRecordedExactlyOnceByteExactAndInSessionOrder() throws Exception {
        Map<String, byte[]> sent = new ConcurrentHashMap<>();
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> sessions = new ArrayList<>();
            try {
                for (int c = 0; c < CLIENTS; c++) {
                    int clientNo = c;
                    sessions.add(pool.submit(() -> {
                        Random random = new Random(1000L + clientNo);
                        go.await();
                        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
                            client.command("EHLO client" + clientNo);
                            for (int m = 0; m < MESSAGES; m++) {
                                String sequence = clientNo + "-" + m;
                                String content = randomMessage(random, sequence);
                                sent.put(sequence, content.getBytes(StandardCharsets.US_ASCII));
                                String reply = client.sendMessage("c" + clientNo + "@example.com",
                                        List.of("r" + m + "@example.com"), content);
                                assertThat(reply).startsWith("250 2.0.0 OK: message accepted as s");
                            }
                            assertThat(client.command("QUIT")).isEqualTo("221 2.0.0 localhost closing connection");
                        }
                        return "client" + clientNo;
                    }));
                }
                go.countDown();
                for (Future<String> session : sessions) {
                    session.get(100, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            List<ReceivedEmail> emails = receiver.mailbox().emails();
            assertThat(emails).hasSize(CLIENTS * MESSAGES);
            Map<String, ReceivedEmail> bySequence = new LinkedHashMap<>();
            for (ReceivedEmail email : emails) {
                String sequence = email.header("X-Seq").orElseThrow();
                assertThat(bySequence.put(sequence, email)).as("recorded twice: " + sequence).isNull();
                assertThat(email.rawBytes()).as("content of " + sequence).isEqualTo(sent.get(sequence));
            }
            assertThat(bySequence.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());

            Map<String, List<ReceivedEmail>> bySession = emails.stream()
                    .collect(Collectors.groupingBy(e -> e.envelope().sessionId(), LinkedHashMap::new, Collectors.toList()));
            assertThat(bySession).hasSize(CLIENTS);
            bySession.forEach((session, inArrivalOrder) -> {
                String client = inArrivalOrder.get(0).header("X-Seq").orElseThrow().split("-")[0];
                List<String> expected = new ArrayList<>();
                List<String> expectedIds = new ArrayList<>();
                for (int m = 0; m < MESSAGES; m++) {
                    expected.add(client + "-" + m);
                    expectedIds.add(session + "." + (m + 1));
                }
                assertThat(inArrivalOrder).extracting(e -> e.header("X-Seq").orElseThrow())
                        .as("order in " + session).containsExactlyElementsOf(expected);
                assertThat(inArrivalOrder).extracting(ReceivedEmail::id).containsExactlyElementsOf(expectedIds);
                assertThat(inArrivalOrder).extracting(e -> e.envelope().sender())
                        .containsOnly("c" + client + "@example.com");
            });
        }
    }
}
