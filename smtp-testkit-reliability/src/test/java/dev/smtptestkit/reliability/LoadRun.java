package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One load round: {@code clients} raw clients send {@code perClient} messages each, at the same
 * time, to a fresh receiver; then every recorded message is checked against a regenerated copy.
 */
final class LoadRun {

    /** How clients use connections. */
    enum Shape {
        /** Connect, one transaction, QUIT. */
        ONE_PER_CONNECTION,
        /** One connection per client, transactions back to back (DATA or BDAT), pipelined. */
        MANY_PER_CONNECTION,
        /** As {@link #MANY_PER_CONNECTION}, with RSET before every transaction. */
        MANY_WITH_RSET
    }

    /** What a round did. */
    record Outcome(int messages, long octets, int sessions) {
    }

    private final long seed;
    private final Shape shape;
    private final int clients;
    private final int perClient;
    private final Map<String, String> idByKey = new ConcurrentHashMap<>();

    LoadRun(long seed, Shape shape, int clients, int perClient) {
        this.seed = seed;
        this.shape = shape;
        this.clients = clients;
        this.perClient = perClient;
    }

    Outcome run() throws Exception {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            try {
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    futures.add(pool.submit(() -> {
                        go.await();
                        sendAll(receiver.port(), client);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : futures) {
                    try {
                        f.get(170, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new AssertionError("a client failed (seed " + seed + "); sessions that did not end"
                                + " with QUIT: " + receiver.mailbox().events(SmtpEvent.ClientDisconnected.class).stream()
                                .filter(d -> d.reason() != DisconnectReason.QUIT).toList(), e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("client threads ended").isTrue();
            }
            Mailbox mailbox = receiver.mailbox();
            int sessions = shape == Shape.ONE_PER_CONNECTION ? clients * perClient : clients;
            // The last ClientDisconnected comes after the client read 221: wait for all of them.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> mailbox.events(SmtpEvent.ClientDisconnected.class).size() >= sessions);
            return verify(mailbox, sessions);
        }
    }

    private void sendAll(int port, int client) {
        if (shape == Shape.ONE_PER_CONNECTION) {
            for (int i = 0; i < perClient; i++) {
                try (RawClient smtp = RawClient.ready(port)) {
                    TestMessage message = TestMessage.generate(seed, client, i);
                    remember(message, sendData(smtp, message, false));
                    smtp.send("QUIT\r\n");
                    smtp.expect(221);
                }
            }
            return;
        }
        SplittableRandom random = new SplittableRandom(seed ^ client);
        try (RawClient smtp = RawClient.ready(port)) {
            for (int i = 0; i < perClient; i++) {
                TestMessage message = TestMessage.generate(seed, client, i);
                boolean rset = shape == Shape.MANY_WITH_RSET;
                if (random.nextInt(4) == 0) {
                    sendBdat(smtp, message, rset, random);
                } else {
                    remember(message, sendData(smtp, message, rset));
                }
            }
            smtp.send("QUIT\r\n");
            smtp.expect(221);
        }
    }

    // RFC 2920 3.1: [RSET] MAIL RCPT... DATA go as one group; the content follows the 354.
    static SmtpReply sendData(RawClient smtp, TestMessage message, boolean rset) {
        StringBuilder group = new StringBuilder();
        if (rset) {
            group.append("RSET\r\n");
        }
        group.append(message.mailCommand()).append("\r\n");
        message.recipients().forEach(r -> group.append("RCPT TO:<").append(r).append(">\r\n"));
        group.append("DATA\r\n");
        smtp.send(group.toString());
        if (rset) {
            smtp.expect(250);
        }
        smtp.expect(250);
        message.recipients().forEach(r -> smtp.expect(250));
        smtp.expect(354);
        smtp.send(message.stuffed());
        return smtp.expect(250);
    }

    // RFC 3030: the whole transaction pipelined, content in 1 to 4 chunks, no stuffing.
    private void sendBdat(RawClient smtp, TestMessage message, boolean rset, SplittableRandom random) {
        StringBuilder group = new StringBuilder();
        if (rset) {
            group.append("RSET\r\n");
        }
        group.append(message.mailCommand()).append("\r\n");
        message.recipients().forEach(r -> group.append("RCPT TO:<").append(r).append(">\r\n"));
        smtp.send(group.toString());
        byte[] content = message.content();
        int chunks = 1 + random.nextInt(4);
        int pos = 0;
        for (int k = 0; k < chunks; k++) {
            int end = k == chunks - 1 ? content.length : pos + random.nextInt(content.length - pos + 1);
            boolean last = k == chunks - 1;
            smtp.send("BDAT " + (end - pos) + (last ? " LAST" : "") + "\r\n");
            smtp.send(content, pos, end - pos);
            pos = end;
        }
        if (rset) {
            smtp.expect(250);
        }
        smtp.expect(250);
        message.recipients().forEach(r -> smtp.expect(250));
        for (int k = 0; k < chunks - 1; k++) {
            smtp.expect(250);
        }
        remember(message, smtp.expect(250));
    }

    private void remember(TestMessage message, SmtpReply accepted) {
        String text = accepted.lines().get(0);
        idByKey.put(message.key(), text.substring(text.lastIndexOf(' ') + 1));
    }

    private Outcome verify(Mailbox mailbox, int sessions) {
        List<ReceivedEmail> emails = mailbox.emails();
        assertThat(emails).as("recorded messages").hasSize(clients * perClient);
        Set<String> seen = new HashSet<>();
        Map<String, List<Integer>> orderBySession = new LinkedHashMap<>();
        Map<String, Integer> clientBySession = new HashMap<>();
        long octets = 0;
        for (ReceivedEmail email : emails) {
            String firstRecipient = email.envelope().recipients().get(0);
            String key = firstRecipient.substring(firstRecipient.indexOf('-') + 1, firstRecipient.indexOf('@'));
            assertThat(seen.add(key)).as("recorded once: %s", key).isTrue();
            int client = Integer.parseInt(key.substring(1, key.indexOf('-')));
            int index = Integer.parseInt(key.substring(key.indexOf("-m") + 2));
            TestMessage expected = TestMessage.generate(seed, client, index);
            byte[] actual = email.rawBytes();
            if (!Arrays.equals(actual, expected.content())) {
                throw new AssertionError("message " + key + " altered: " + actual.length + " octets recorded, "
                        + expected.content().length + " sent; first difference at "
                        + Arrays.mismatch(actual, expected.content()));
            }
            String header = TestMessage.checksumHeader(actual);
            if (header != null) {
                assertThat(TestMessage.bodyChecksum(actual)).as("body checksum of %s", key).isEqualTo(header);
            } else {
                assertThat(actual).as("only the empty message has no header").isEmpty();
            }
            assertThat(email.envelope().sender()).isEqualTo(expected.sender());
            assertThat(email.envelope().recipients()).isEqualTo(expected.recipients());
            assertThat(email.id()).as("id in the 250 reply of %s", key).isEqualTo(idByKey.get(key));
            String session = email.envelope().sessionId();
            orderBySession.computeIfAbsent(session, s -> new ArrayList<>()).add(index);
            Integer previous = clientBySession.put(session, client);
            assertThat(previous == null || previous == client).as("session %s holds one client's mail", session).isTrue();
            assertThat(email.id()).startsWith(session + ".");
            octets += actual.length;
        }
        for (Map.Entry<String, List<Integer>> e : orderBySession.entrySet()) {
            List<Integer> order = e.getValue();
            for (int k = 1; k < order.size(); k++) {
                assertThat(order.get(k)).as("session %s in the order sent: %s", e.getKey(), order)
                        .isGreaterThan(order.get(k - 1));
            }
        }
        assertThat(orderBySession).hasSize(sessions);
        List<SmtpEvent.ClientDisconnected> ends = mailbox.events(SmtpEvent.ClientDisconnected.class);
        assertThat(ends).hasSize(sessions).allSatisfy(d -> assertThat(d.reason()).isEqualTo(DisconnectReason.QUIT));
        return new Outcome(emails.size(), octets, sessions);
    }
}
