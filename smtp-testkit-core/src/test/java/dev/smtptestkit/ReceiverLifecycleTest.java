package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smtptestkit.testing.SmtpClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Start, close, their errors and states, the threads a receiver uses and how fast it answers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReceiverLifecycleTest {

    private static final String GREETING = "220 localhost ESMTP smtp-testkit ready";

    /** Remembers every thread that delivered an event, so a test can check they all ended. */
    private static final class ThreadSpy implements SmtpListener {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        volatile Thread sessionThread;

        @Override
        public void onEvent(SmtpEvent event) {
            if (!(event instanceof SmtpEvent.ServerStarted) && !(event instanceof SmtpEvent.ServerStopped)) {
                threads.add(Thread.currentThread()); // a session thread
            }
            SmtpListener.super.onEvent(event);
        }

        @Override
        public void commandReceived(SmtpEvent.CommandReceived event) {
            sessionThread = Thread.currentThread();
        }
    }

    @Test
    void accessorsBeforeStartFailWithAHint() {
        SmtpReceiver receiver = SmtpReceiver.builder().build();
        assertThatThrownBy(receiver::port).isInstanceOf(IllegalStateException.class)
                .hasMessage("SmtpReceiver is not started: call start() first");
        assertThatThrownBy(receiver::host).isInstanceOf(IllegalStateException.class)
                .hasMessage("SmtpReceiver is not started: call start() first");
        assertThatThrownBy(receiver::url).hasMessage("SmtpReceiver is not started: call start() first");
        assertThat(receiver.isRunning()).isFalse();
        assertThat(receiver.activeSessionCount()).isZero();
        assertThat(receiver).hasToString("SmtpReceiver{new}");
        assertThat(receiver.mailbox().events()).isEmpty();
    }

    @Test
    void startingTwiceAndRestartingFailClearly() {
        SmtpReceiver receiver = SmtpReceiver.builder().start();
        int port = receiver.port();
        assertThatThrownBy(receiver::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("SmtpReceiver is already started on 127.0.0.1:" + port);
        receiver.close();
        assertThatThrownBy(receiver::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("SmtpReceiver is closed and cannot be restarted: build a new one");
        assertThat(receiver.isRunning()).isFalse();
    }

    @Test
    void closeIsIdempotentAndStopsOnce() {
        SmtpReceiver receiver = SmtpReceiver.builder().start();
        receiver.close();
        receiver.close();
        receiver.stop();
        assertThat(receiver.mailbox().events()).hasExactlyElementsOfTypes(
                SmtpEvent.ServerStarted.class, SmtpEvent.ServerStopped.class);
        assertThat(receiver).hasToString("SmtpReceiver{closed}");
        // Last known address stays readable after close.
        assertThat(receiver.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void closingANeverStartedReceiverJustClosesIt() {
        SmtpReceiver receiver = SmtpReceiver.builder().build();
        receiver.close();
        assertThat(receiver).hasToString("SmtpReceiver{closed}");
        assertThat(receiver.mailbox().events()).isEmpty();
        assertThatThrownBy(receiver::start).hasMessage("SmtpReceiver is closed and cannot be restarted: build a new one");
        assertThatThrownBy(receiver::port).hasMessage("SmtpReceiver is not started: call start() first");
        assertThatThrownBy(receiver::host).hasMessage("SmtpReceiver is not started: call start() first");
    }

    @Test
    void anInterruptedWaitFailsInsteadOfPassingAsATimeout() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> receiver.mailbox().awaitEmail(e -> true, Duration.ofSeconds(5)))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("Interrupted while waiting on the mailbox");
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted(); // clear it for the next test
            }
        }
    }

    @Test
    void listensOnLoopbackAndAnEphemeralPortByDefault() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            assertThat(receiver.host()).isEqualTo("127.0.0.1");
            assertThat(receiver.port()).isBetween(1024, 65535);
            assertThat(receiver.url()).isEqualTo("smtp://127.0.0.1:" + receiver.port());
            assertThat(receiver.mailbox().events(SmtpEvent.ServerStarted.class)).singleElement()
                    .satisfies(e -> {
                        assertThat(e.host()).isEqualTo("127.0.0.1");
                        assertThat(e.port()).isEqualTo(receiver.port());
                    });
        }
    }

    @Test
    void aBusyPortFailsAtOnceNamingTheAddress() {
        try (SmtpReceiver first = SmtpReceiver.builder().start()) {
            int port = first.port();
            SmtpReceiver second = SmtpReceiver.builder().port(port).build();
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Cannot bind SMTP receiver to 127.0.0.1:" + port
                            + ": address already in use. Leave the port at 0 to get a free ephemeral port.");
            assertThat(second.isRunning()).isFalse();
            assertThat(second).hasToString("SmtpReceiver{new}");
            assertThat(second.mailbox().events()).isEmpty();
            assertThat(first.isRunning()).isTrue();
        }
    }

    // close() returns once the shared acceptor has let go of the listening socket: a receiver that
    // got no client (close spins for the acceptor's answer) and one whose session has just ended
    // (it parks) both leave a port that refuses connections and can be bound again at once, the
    // way a suite that gives each test the same fixed port needs it.
    @Test
    void closeReleasesThePortAtOnceWithOrWithoutASession() throws Exception {
        for (int round = 0; round < 100; round++) {
            boolean withSession = round % 2 == 1;
            int port;
            try (SmtpReceiver first = SmtpReceiver.builder().start()) {
                port = first.port();
                if (withSession) {
                    try (SmtpClient client = SmtpClient.connect(port)) {
                        assertThat(client.command("QUIT")).startsWith("221 ");
                    }
                }
            }
            int closed = port;
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), closed).close())
                    .as("round %d (%s): a connection right after close()", round,
                            withSession ? "after a session" : "no client")
                    .isInstanceOf(java.net.ConnectException.class);
            try (SmtpReceiver again = SmtpReceiver.builder().port(port).start()) {
                assertThat(again.port()).isEqualTo(port);
            }
        }
    }

    @Test
    void toStringAndSessionCountFollowTheState() {
        SmtpReceiver receiver = SmtpReceiver.builder().build();
        assertThat(receiver).hasToString("SmtpReceiver{new}");
        receiver.start();
        String address = "127.0.0.1:" + receiver.port();
        assertThat(receiver.isRunning()).isTrue();
        assertThat(receiver).hasToString("SmtpReceiver{" + address + ", 0 sessions}");
        try (SmtpClient one = SmtpClient.connect(receiver.port())) {
            assertThat(one.greeting()).isEqualTo(GREETING);
            assertThat(receiver.activeSessionCount()).isEqualTo(1);
            assertThat(receiver).hasToString("SmtpReceiver{" + address + ", 1 session}");
            try (SmtpClient two = SmtpClient.connect(receiver.port())) {
                assertThat(receiver.activeSessionCount()).isEqualTo(2);
                assertThat(receiver).hasToString("SmtpReceiver{" + address + ", 2 sessions}");
                assertThat(two.command("QUIT")).isEqualTo("221 localhost closing connection");
            }
            // The count drops before ClientDisconnected is recorded, so no polling is needed.
            receiver.mailbox().awaitEvent(SmtpEvent.ClientDisconnected.class, e -> e.sessionId().equals("s2"),
                    Duration.ofSeconds(10));
            assertThat(receiver.activeSessionCount()).isEqualTo(1);
        }
        receiver.mailbox().awaitEvent(SmtpEvent.ClientDisconnected.class, e -> e.sessionId().equals("s1"),
                Duration.ofSeconds(10));
        assertThat(receiver.activeSessionCount()).isZero();
        receiver.close();
        assertThat(receiver.isRunning()).isFalse();
        assertThat(receiver.activeSessionCount()).isZero();
        assertThat(receiver).hasToString("SmtpReceiver{closed}");
    }

    @Test
    void closeEndsOpenSessionsWith421AndLeavesNoThread() {
        ThreadSpy spy = new ThreadSpy();
        SmtpReceiver receiver = SmtpReceiver.builder().listener(spy).start();
        int port = receiver.port();
        SmtpClient fresh = SmtpClient.connect(port);
        SmtpClient inTransaction = SmtpClient.connect(port);
        SmtpClient inData = SmtpClient.connect(port);
        try {
            assertThat(fresh.command("NOOP")).isEqualTo("250 OK");
            inTransaction.command("EHLO a");
            assertThat(inTransaction.command("MAIL FROM:<a@example.com>")).isEqualTo("250 2.1.0 Sender OK");
            inData.command("EHLO b");
            inData.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
            assertThat(inData.replies(3)).last().asString().startsWith("354");
            inData.send("Subject: half\r\n\r\nnot finished");
            assertThat(receiver.activeSessionCount()).isEqualTo(3);

            receiver.close();

            // RFC 5321 3.8: 421 before closing; enhanced codes only after EHLO (RFC 2034).
            assertThat(fresh.readUntilClosed()).isEqualTo("421 Service shutting down, closing connection\r\n");
            assertThat(inTransaction.readUntilClosed())
                    .isEqualTo("421 4.3.2 Service shutting down, closing connection\r\n");
            assertThat(inData.readUntilClosed())
                    .isEqualTo("421 4.3.2 Service shutting down, closing connection\r\n");
        } finally {
            fresh.close();
            inTransaction.close();
            inData.close();
        }
        Mailbox mailbox = receiver.mailbox();
        assertThat(mailbox.emails()).isEmpty();
        assertThat(mailbox.events(SmtpEvent.ClientDisconnected.class)).hasSize(3)
                .allSatisfy(d -> assertThat(d.reason()).isEqualTo(DisconnectReason.SERVER_STOPPED));
        List<SmtpEvent> events = mailbox.events();
        assertThat(events.get(events.size() - 1)).isInstanceOf(SmtpEvent.ServerStopped.class);
        assertThat(receiver.activeSessionCount()).isZero();

        // No thread of the receiver is left once close() returned (connections are accepted by one
        // JVM-wide acceptor thread that all receivers share).
        assertThat(spy.threads).hasSizeGreaterThanOrEqualTo(3);
        assertNoThreadLeftOf(port, spy.threads);
    }

    // None of the session threads (seen through the listener, which works for virtual threads too)
    // runs for the receiver any more: on Java 21+ each has ended; on 17-20 each has ended or waits
    // for a session of any receiver, under its idle name. Nor is any platform thread named after
    // the port (virtual threads are not listed there).
    private static void assertNoThreadLeftOf(int port, Set<Thread> sessionThreads) {
        if (Runtime.version().feature() >= 21) {
            assertThat(sessionThreads).noneMatch(Thread::isAlive);
        } else {
            assertThat(sessionThreads).allSatisfy(t -> assertThat(t.isAlive() ? t.getName() : "ended")
                    .doesNotContain("smtp-testkit-" + port + "-"));
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.contains("smtp-testkit-" + port + "-"));
    }

    @Test
    void onJava17To20AWaitingSessionThreadServesTheFirstSessionOfTheNextReceiver() throws Exception {
        assumeTrue(Runtime.version().feature() < 21, "Java 21+ runs every session on a new virtual thread");
        ThreadSpy first = new ThreadSpy();
        try (SmtpReceiver receiver = SmtpReceiver.builder().listener(first).start();
             SmtpClient client = SmtpClient.connect(receiver.port())) {
            assertThat(client.command("NOOP")).isEqualTo("250 OK");
        }
        Thread served = first.sessionThread;
        // it is tidied and named idle before close() returns, then waits for the next session
        assertThat(served.getName()).isEqualTo("smtp-testkit-session-idle");
        await().atMost(Duration.ofSeconds(10)).until(() -> served.getState() == Thread.State.TIMED_WAITING);
        long newer = new Thread(() -> { }).getId(); // every thread made from here on has a larger id

        ThreadSpy second = new ThreadSpy();
        try (SmtpReceiver next = SmtpReceiver.builder().listener(second).start();
             SmtpClient client = SmtpClient.connect(next.port())) {
            assertThat(client.command("NOOP")).isEqualTo("250 OK");
            Thread session = second.sessionThread;
            assertThat(session.getId()).as("a thread that was waiting, not a new one").isLessThan(newer);
            assertThat(session.getName()).isEqualTo("smtp-testkit-" + next.port() + "-session-1");
        }
    }

    @Test
    void aListenerMayCloseTheReceiverFromASessionThread() {
        AtomicReference<SmtpReceiver> self = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        SmtpListener closing = new SmtpListener() {
            @Override
            public void emailReceived(SmtpEvent.EmailReceived event) {
                try {
                    self.get().close();
                } catch (RuntimeException | Error e) {
                    failure.set(e);
                }
            }
        };
        SmtpReceiver receiver = SmtpReceiver.builder().listener(closing).build();
        self.set(receiver);
        receiver.start();
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            client.command("EHLO a");
            long start = System.nanoTime();
            client.sendMessage("a@example.com", List.of("b@example.com"), "Subject: last\r\n\r\n");
            // The message was recorded before close() ran, so its 250 still goes out, then the 421.
            assertThat(client.readUntilClosed()).isEqualTo("421 4.3.2 Service shutting down, closing connection\r\n");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_500);
        }
        assertThat(failure.get()).isNull();
        assertThat(receiver.isRunning()).isFalse();
        assertThat(receiver.mailbox().singleEmail().subject()).isEqualTo("last");
        SmtpEvent.ClientDisconnected end = receiver.mailbox().awaitEvent(SmtpEvent.ClientDisconnected.class,
                e -> true, Duration.ofSeconds(10));
        assertThat(end.reason()).isEqualTo(DisconnectReason.SERVER_STOPPED);
    }

    @Test
    void manySessionsOpenedAndClosedLeaveNoThreadBehind() {
        ThreadSpy spy = new ThreadSpy();
        SmtpReceiver receiver = SmtpReceiver.builder().listener(spy).start();
        for (int i = 0; i < 50; i++) {
            try (SmtpClient client = SmtpClient.connect(receiver.port())) {
                assertThat(client.command("QUIT")).isEqualTo("221 localhost closing connection");
            }
        }
        receiver.close();
        // on Java 17-20 a platform thread serves one session after another, so fewer threads than sessions
        assertThat(receiver.mailbox().events(SmtpEvent.ClientConnected.class)).hasSize(50);
        assertThat(spy.threads).isNotEmpty();
        assertNoThreadLeftOf(receiver.port(), spy.threads);
    }

    @Test
    void twoHundredClientsConnectingAtTheSameInstantAreAllGreeted() throws Exception {
        int clients = 200;
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch greetedAll = new CountDownLatch(clients);
            List<Future<String>> greetings = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    greetings.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
                            greetedAll.countDown();
                            greetedAll.await(30, TimeUnit.SECONDS); // hold the connection: all 200 at once
                            return client.greeting();
                        }
                    }));
                }
                ready.await();
                go.countDown();
                List<String> received = new ArrayList<>();
                for (Future<String> f : greetings) {
                    received.add(f.get(30, TimeUnit.SECONDS));
                }
                assertThat(received).hasSize(clients).containsOnly(GREETING);
            } finally {
                pool.shutdownNow();
            }
            assertThat(receiver.mailbox().events(SmtpEvent.ClientConnected.class)).hasSize(clients);
        }
    }

    @Test
    void aMultiLineReplyArrivesInOneSegment() throws Exception {
        // The client is already blocked in read() when the reply leaves, so the read returns with
        // the first segment that arrives. Written line by line, that segment is the first line only
        // (TCP_NODELAY sends each write at once); written in one go, it is the whole reply.
        try (SmtpReceiver receiver = SmtpReceiver.builder().start(); Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.port()), 5_000);
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            assertThat(new String(buffer, 0, in.read(buffer), StandardCharsets.US_ASCII)).startsWith("220 ");
            for (int i = 0; i < 20; i++) {
                out.write(("EHLO client" + i + ".test\r\n").getBytes(StandardCharsets.US_ASCII));
                String firstRead = new String(buffer, 0, in.read(buffer), StandardCharsets.US_ASCII);
                String[] lines = firstRead.split("\r\n", -1);
                assertThat(lines.length).as("lines in the first read of EHLO reply %d: %s", i, firstRead)
                        .isGreaterThan(5);
                assertThat(lines[lines.length - 2]).as("the reply's last line is in the first read").startsWith("250 ");
                assertThat(lines[lines.length - 1]).as("nothing after the final CRLF").isEmpty();
            }
        }
    }

    @Test
    void multiLineRepliesLeaveWithoutNagleDelays() {
        // A reply written line by line without TCP_NODELAY waits for the client's delayed ACK,
        // about 40 ms per EHLO. 100 EHLO round trips must take far less than 100 x 40 ms.
        try (SmtpReceiver receiver = SmtpReceiver.builder().start();
             SmtpClient client = SmtpClient.connect(receiver.port())) {
            String first = client.command("EHLO warm.up");
            assertThat(first.split("\n")).hasSizeGreaterThan(5);
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                assertThat(client.command("EHLO round.trip")).isEqualTo(first.replace("warm.up", "round.trip"));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).as("100 EHLO round trips in ms").isLessThan(2_000);
        }
    }

    @Test
    void sessionsRunOnVirtualThreadsOnJava21AndOnNamedDaemonThreadsBefore() throws Exception {
        ThreadSpy spy = new ThreadSpy();
        try (SmtpReceiver receiver = SmtpReceiver.builder().listener(spy).start();
             SmtpClient client = SmtpClient.connect(receiver.port())) {
            assertThat(client.command("NOOP")).isEqualTo("250 OK");
            Thread session = spy.sessionThread;
            assertThat(session.getName()).matches("smtp-testkit-" + receiver.port() + "-session-\\d+");
            if (Runtime.version().feature() >= 21) {
                boolean virtual = (Boolean) Thread.class.getMethod("isVirtual").invoke(session);
                assertThat(virtual).as("session thread is virtual on Java " + Runtime.version()).isTrue();
            } else {
                assertThat(session.isDaemon()).isTrue();
                assertThat(Thread.getAllStackTraces()).containsKey(session); // a platform thread
            }
        }
    }
}
