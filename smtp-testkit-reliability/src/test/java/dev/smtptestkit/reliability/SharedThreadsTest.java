package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpListener;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.internal.net.SharedThreadsSeam;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JVM-wide threads (the shared acceptor and the timeout watchdog) survive any Throwable and run
 * no user code, and close() called from a callback is prompt (issue 10, points 1, 2 and 4).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedThreadsTest {

    @Test
    void sessionThreadThatCannotStartMeans421AndTheAcceptorLivesOn() throws Exception {
        SmtpReceiver broken;
        SharedThreadsSeam.Restore seam = SharedThreadsSeam.failingSessionThreads(2);
        try {
            broken = SmtpReceiver.builder().start();
        } finally {
            seam.restore();
        }
        try (broken) {
            // one client whose thread fails in newThread, one whose thread fails in start()
            for (int i = 0; i < 2; i++) {
                try (RawClient client = RawClient.connect(broken.port())) {
                    SmtpReply reply = client.reply();
                    // RFC 5321 3.8: 421 and close; no enhanced code before EHLO (RFC 2034 3)
                    assertThat(reply.status()).isEqualTo("421");
                    assertThat(reply.lines()).containsExactly("Cannot start a session now, try again later");
                    assertThat(client.closedByPeer()).isTrue();
                }
            }
            greetsAndQuits(broken);
            try (SmtpReceiver other = SmtpReceiver.builder().start()) {
                greetsAndQuits(other);
            }
        }
    }

    private static void greetsAndQuits(SmtpReceiver receiver) {
        try (RawClient client = RawClient.ready(receiver.port())) {
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
    }

    @Test
    void listenerBlockedOnARefusedConnectionHoldsUpNoOtherReceiver() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SmtpListener blocking = new SmtpListener() {
            @Override
            public void clientConnected(SmtpEvent.ClientConnected event) {
                if (event.sessionId().equals("s2")) { // the one over maxSessions(1)
                    blocked.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        SmtpReceiver stuck = SmtpReceiver.builder().maxSessions(1).listener(blocking).start();
        try (RawClient first = RawClient.ready(stuck.port()); RawClient refused = RawClient.connect(stuck.port())) {
            assertThat(blocked.await(10, TimeUnit.SECONDS)).as("listener called for the refused client").isTrue();

            long greetingNanos;
            long closeNanos;
            SmtpReceiver other = SmtpReceiver.builder().start();
            try (RawClient client = RawClient.connect(other.port())) {
                long t0 = System.nanoTime();
                client.expect(220);
                greetingNanos = System.nanoTime() - t0;
            } finally {
                long t0 = System.nanoTime();
                other.close();
                closeNanos = System.nanoTime() - t0;
            }
            System.out.printf("listener blocked on a refused connection: another receiver greeted in %.1f ms,"
                    + " closed in %.1f ms%n", greetingNanos / 1e6, closeNanos / 1e6);
            assertThat(greetingNanos).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
            assertThat(closeNanos).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));

            // The receiver whose listener blocks does not hang either: close() gives up on the
            // listener's thread after the grace period and names it.
            long t0 = System.nanoTime();
            CompletableFuture<Throwable> closing = CompletableFuture.supplyAsync(() -> catchThrowable(stuck::close));
            Throwable failure = closing.get(10, TimeUnit.SECONDS);
            long stuckCloseNanos = System.nanoTime() - t0;
            assertThat(failure).isInstanceOf(IllegalStateException.class)
                    .hasMessage("SMTP receiver on 127.0.0.1:" + stuck.port()
                            + " could not stop these threads: [smtp-testkit-" + stuck.port() + "-session-2]");
            assertThat(stuckCloseNanos).isLessThan(TimeUnit.SECONDS.toNanos(5));
            assertThat(first.closedByPeer()).isTrue();
            release.countDown();
            assertThat(refused.reply().status()).isEqualTo("421");
        } finally {
            release.countDown();
            stuck.close();
        }
    }

    @Test
    void closeFromCallbacksReturnsAtOnceAndTheOutsideCallerWaitsForEveryThread() throws Exception {
        AtomicReference<SmtpReceiver> self = new AtomicReference<>();
        List<Long> inCallbackNanos = new CopyOnWriteArrayList<>();
        List<Throwable> inCallbackFailures = new CopyOnWriteArrayList<>();
        CyclicBarrier together = new CyclicBarrier(2);
        Runnable closeInside = () -> {
            long t0 = System.nanoTime();
            try {
                self.get().close();
            } catch (RuntimeException | Error e) {
                inCallbackFailures.add(e);
            }
            inCallbackNanos.add(System.nanoTime() - t0);
        };
        SmtpListener first = new SmtpListener() {
            @Override
            public void emailReceived(SmtpEvent.EmailReceived event) {
                try {
                    together.await(10, TimeUnit.SECONDS); // both sessions call close() at the same moment
                } catch (Exception e) {
                    inCallbackFailures.add(e);
                }
                closeInside.run();
            }

            @Override
            public void serverStopped(SmtpEvent.ServerStopped event) {
                closeInside.run();
            }
        };
        SmtpListener second = new SmtpListener() {
            @Override
            public void emailReceived(SmtpEvent.EmailReceived event) {
                closeInside.run();
            }

            @Override
            public void clientDisconnected(SmtpEvent.ClientDisconnected event) {
                closeInside.run();
            }
        };
        SmtpReceiver receiver = SmtpReceiver.builder().listener(first).listener(second).build();
        self.set(receiver);
        receiver.start();
        int port = receiver.port();
        try (RawClient a = RawClient.ready(port); RawClient b = RawClient.ready(port)) {
            CompletableFuture<SmtpReply> sentA = CompletableFuture.supplyAsync(() -> send(a, "a"));
            CompletableFuture<SmtpReply> sentB = CompletableFuture.supplyAsync(() -> send(b, "b"));
            assertThat(sentA.get(20, TimeUnit.SECONDS).code()).isEqualTo(250);
            assertThat(sentB.get(20, TimeUnit.SECONDS).code()).isEqualTo(250);
            assertThat(a.closedByPeer()).isTrue();
            assertThat(b.closedByPeer()).isTrue();
        }
        long t0 = System.nanoTime();
        receiver.close(); // the outside caller waits for every thread of the receiver
        long outsideNanos = System.nanoTime() - t0;

        assertThat(threadsOf(port)).isEmpty();
        assertThat(inCallbackFailures).isEmpty();
        // two EmailReceived x 2 listeners, two ClientDisconnected, one ServerStopped
        assertThat(inCallbackNanos).hasSize(7);
        System.out.printf("close() inside callbacks: at most %.1f ms; outside: %.1f ms%n",
                inCallbackNanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6, outsideNanos / 1e6);
        assertThat(inCallbackNanos).allSatisfy(n -> assertThat(n).isLessThan(TimeUnit.MILLISECONDS.toNanos(200)));
        assertThat(outsideNanos).isLessThan(TimeUnit.SECONDS.toNanos(2));
        assertThat(receiver.mailbox().emails()).hasSize(2);
        assertThat(receiver.mailbox().events()).filteredOn(SmtpEvent.ServerStopped.class::isInstance).hasSize(1);
        assertThat(receiver.mailbox().events().get(receiver.mailbox().events().size() - 1))
                .isInstanceOf(SmtpEvent.ServerStopped.class);
    }

    @Test
    void closeFromACallbackWithNoOutsideCallerStillEndsEveryThread() throws Exception {
        AtomicReference<SmtpReceiver> self = new AtomicReference<>();
        SmtpReceiver receiver = SmtpReceiver.builder().listener(new SmtpListener() {
            @Override
            public void emailReceived(SmtpEvent.EmailReceived event) {
                self.get().close();
            }
        }).build();
        self.set(receiver);
        receiver.start();
        int port = receiver.port();
        try (RawClient client = RawClient.ready(port)) {
            assertThat(send(client, "x").code()).isEqualTo(250);
            assertThat(client.closedByPeer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.mailbox().events().stream()
                .anyMatch(SmtpEvent.ServerStopped.class::isInstance));
        await().atMost(Duration.ofSeconds(5)).until(() -> threadsOf(port).isEmpty());
        assertThat(receiver.isRunning()).isFalse();
    }

    private static SmtpReply send(RawClient client, String tag) {
        client.command("MAIL FROM:<" + tag + "@example.com>");
        client.command("RCPT TO:<to@example.com>");
        client.command("DATA");
        return client.command("Subject: " + tag + "\r\n\r\nbody\r\n.");
    }

    private static List<String> threadsOf(int port) {
        String prefix = "smtp-testkit-" + port + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).map(Thread::getName).toList();
    }
}
