package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client breaks the connection at every point of the dialogue, three ways (FIN, RST, half
 * close), while four other clients keep sending mail on the same receiver. No partial message is
 * recorded, a message whose end of data arrived is recorded once, the session ends as
 * CLIENT_CLOSED, and the other clients lose nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientFaultTest {

    private static final long SEED = Long.getLong("fault.seed", 20261130L);
    private static final int BACKGROUND = 4;

    /** Where the client stops. */
    enum Point {
        BEFORE_GREETING, AFTER_GREETING, AFTER_EHLO, AFTER_MAIL, AFTER_SOME_RCPTS, MID_DATA,
        AFTER_FINAL_DOT, MID_BDAT_CHUNK, BETWEEN_BDAT_CHUNKS, AFTER_BDAT_LAST
    }

    /** How the client stops. */
    enum Kind {
        /** close(): FIN. */
        CLOSE,
        /** SO_LINGER 0 then close(): RST. */
        RESET,
        /** shutdownOutput(): FIN on the way in, the client still reads. */
        HALF_CLOSE
    }

    private static SmtpReceiver receiver;
    private static ExecutorService background;
    private static final AtomicBoolean stop = new AtomicBoolean();
    // Each fault case lets every background client send a few messages, so traffic overlaps every case.
    private static final Semaphore ticks = new Semaphore(0);
    private static final List<Future<Integer>> senders = new ArrayList<>();
    private static final ConcurrentHashMap<String, String> backgroundIds = new ConcurrentHashMap<>();

    @BeforeAll
    static void startReceiverAndBackgroundClients() {
        receiver = SmtpReceiver.builder().start();
        background = Executors.newFixedThreadPool(BACKGROUND);
        for (int t = 0; t < BACKGROUND; t++) {
            int client = 1000 + t;
            senders.add(background.submit(() -> {
                int sent = 0;
                try (RawClient smtp = RawClient.ready(receiver.port())) {
                    while (!stop.get()) {
                        if (!ticks.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        TestMessage message = TestMessage.generate(SEED, client, sent);
                        SmtpReply reply = LoadRun.sendData(smtp, message, sent % 2 == 0);
                        backgroundIds.put(message.key(), reply.lines().get(0));
                        sent++;
                    }
                    smtp.send("QUIT\r\n");
                    smtp.expect(221);
                }
                return sent;
            }));
        }
    }

    @AfterAll
    static void backgroundClientsLostNothing() throws Exception {
        stop.set(true);
        int total = 0;
        try {
            for (Future<Integer> f : senders) {
                total += f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            background.shutdownNow();
        }
        Mailbox mailbox = receiver.mailbox();
        List<ReceivedEmail> theirs = mailbox.emails(e -> e.envelope().sender().matches("c10[0-9][0-9]@load.test"));
        assertThat(theirs).hasSize(total);
        assertThat(total).as("background messages sent during the faults").isPositive();
        for (ReceivedEmail email : theirs) {
            String r = email.envelope().recipients().get(0);
            String key = r.substring(r.indexOf('-') + 1, r.indexOf('@'));
            int client = Integer.parseInt(key.substring(1, key.indexOf('-')));
            int index = Integer.parseInt(key.substring(key.indexOf("-m") + 2));
            assertThat(email.rawBytes()).as(key).isEqualTo(TestMessage.generate(SEED, client, index).content());
            assertThat(backgroundIds.get(key)).endsWith(" " + email.id());
        }
        receiver.close();
        System.out.println("ClientFaultTest: " + total + " background messages intact during the faults");
    }

    static Stream<Arguments> faults() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<Arguments> cases = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Point point : Point.values()) {
                if (point == Point.MID_DATA) {
                    // fractions of the dot-stuffed content: the edges and random offsets
                    for (double at : new double[] {0, 1e-9, 0.999999, 1.0, random.nextDouble(), random.nextDouble(),
                            random.nextDouble(), random.nextDouble()}) {
                        cases.add(Arguments.of(point, kind, at));
                    }
                } else {
                    cases.add(Arguments.of(point, kind, random.nextDouble()));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} by {1} at {2}")
    @MethodSource("faults")
    void disconnectLeavesNoPartialMessage(Point point, Kind kind, double at) {
        ticks.release(3 * BACKGROUND);
        Mailbox mailbox = receiver.mailbox();
        TestMessage message = TestMessage.generate(SEED, 7, (int) (at * 1000));
        RawClient smtp = RawClient.connect(receiver.port());
        String session = Sessions.idOf(mailbox, smtp.socket().getLocalPort());
        boolean endOfData = drive(smtp, point, message, at);
        switch (kind) {
            case CLOSE -> smtp.close();
            case RESET -> smtp.reset();
            case HALF_CLOSE -> {
                smtp.shutdownOutput();
                if (endOfData) {
                    // the reply to the end of data still reaches a half-closed client
                    assertThat(smtp.reply().code()).isEqualTo(250);
                }
                assertThat(smtp.closedByPeer()).as("the receiver closes its side too").isTrue();
                smtp.close();
            }
        }
        SmtpEvent.ClientDisconnected end = Sessions.awaitEnd(mailbox, session);
        assertThat(end.reason()).as("%s", end).isEqualTo(DisconnectReason.CLIENT_CLOSED);
        List<ReceivedEmail> recorded = Sessions.emailsOf(mailbox, session);
        if (!endOfData) {
            assertThat(recorded).as("no partial message").isEmpty();
        } else if (kind == Kind.RESET) {
            // An RST may discard octets the kernel had not yet handed to the receiver: at most once.
            assertThat(recorded.size()).isLessThanOrEqualTo(1);
        } else {
            assertThat(recorded).as("end of data was sent, so recorded once").hasSize(1);
        }
        for (ReceivedEmail email : recorded) {
            assertThat(email.rawBytes()).isEqualTo(message.content());
        }
    }

    /** Drives the session to the point; returns whether a complete end of data was sent. */
    private static boolean drive(RawClient smtp, Point point, TestMessage message, double at) {
        if (point == Point.BEFORE_GREETING) {
            return false;
        }
        smtp.expect(220);
        if (point == Point.AFTER_GREETING) {
            return false;
        }
        smtp.send("EHLO fault.test\r\n");
        smtp.expect(250);
        if (point == Point.AFTER_EHLO) {
            return false;
        }
        smtp.send(message.mailCommand() + "\r\n");
        smtp.expect(250);
        if (point == Point.AFTER_MAIL) {
            return false;
        }
        for (String r : message.recipients()) {
            smtp.send("RCPT TO:<" + r + ">\r\n");
            smtp.expect(250);
            if (point == Point.AFTER_SOME_RCPTS) {
                return false;
            }
        }
        byte[] content = message.content();
        switch (point) {
            case MID_DATA, AFTER_FINAL_DOT -> {
                smtp.send("DATA\r\n");
                smtp.expect(354);
                byte[] stuffed = message.stuffed();
                if (point == Point.AFTER_FINAL_DOT) {
                    smtp.send(stuffed);
                    return true;
                }
                // any proper prefix: CRLF.CRLF occurs only at the very end of stuffed content
                smtp.send(Arrays.copyOf(stuffed, (int) Math.min(stuffed.length - 1, at * stuffed.length)));
                return false;
            }
            case MID_BDAT_CHUNK -> {
                smtp.send("BDAT " + (content.length + 10) + " LAST\r\n");
                smtp.send(content, 0, (int) (at * content.length));
                return false;
            }
            case BETWEEN_BDAT_CHUNKS -> {
                int half = (int) (at * content.length);
                smtp.send("BDAT " + half + "\r\n");
                smtp.send(content, 0, half);
                smtp.expect(250);
                return false;
            }
            case AFTER_BDAT_LAST -> {
                smtp.send(("BDAT " + content.length + " LAST\r\n").getBytes(StandardCharsets.US_ASCII));
                smtp.send(content);
                return true;
            }
            default -> throw new IllegalArgumentException(point.name());
        }
    }
}
