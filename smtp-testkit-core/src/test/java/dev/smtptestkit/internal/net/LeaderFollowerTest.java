package dev.smtptestkit.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpListener;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.testing.SmtpClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leader/follower on Java 17-20 ({@link SharedAcceptor}): the thread that accepted a client serves
 * it, a thread that waited for a session takes over accepting first (while the receiver runs fewer
 * sessions than there are CPUs), and whatever a session did to its thread, the thread that accepts
 * afterwards runs no user code and keeps accepting.
 */
class LeaderFollowerTest {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /** The threads of the sessions seen, and their names then, in the order of their connections. */
    private static final class Seen implements SmtpListener {
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public void clientConnected(SmtpEvent.ClientConnected event) {
            threads.add(Thread.currentThread());
            names.add(Thread.currentThread().getName());
        }
    }

    @BeforeEach
    void platformThreadsOnly() {
        assumeTrue(!Threads.virtual(), "Java 21+ runs every session on a new virtual thread");
    }

    private static List<Thread> acceptors() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(SharedAcceptor.THREAD_NAME)).toList();
    }

    // The one thread that accepts, once the hand-over of the last client is complete.
    private static Thread theAcceptor() {
        return await().atMost(Duration.ofSeconds(10)).until(LeaderFollowerTest::acceptors, a -> a.size() == 1).get(0);
    }

    private static void session(SmtpReceiver receiver) {
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            assertThat(client.command("QUIT")).startsWith("221 ");
        }
    }

    // Until the thread of the last session waits for the next one (its session is over).
    private static void awaitWaiting(Thread thread) {
        await().atMost(Duration.ofSeconds(10)).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void theThreadThatAcceptedAClientServesItUnderTheReceiversNameAndAnotherTakesOverAccepting() {
        Seen seen = new Seen();
        try (SmtpReceiver receiver = SmtpReceiver.builder().listener(seen).start()) {
            session(receiver); // now a thread waits for the next session
            awaitWaiting(seen.threads.get(0));
            Thread accepting = theAcceptor();

            session(receiver);

            assertThat(seen.threads.get(1)).isSameAs(accepting);
            assertThat(seen.names.get(1)).isEqualTo("smtp-testkit-" + receiver.port() + "-session-2");
            // the thread that waited took over accepting: still exactly one, and another one
            Thread next = theAcceptor();
            assertThat(next).isNotSameAs(accepting);
            assertThat(next.isDaemon()).isTrue();
        }
    }

    @Test
    void withAsManySessionsAsCpusTheAcceptingThreadHandsTheClientOnAndGoesOnAccepting() {
        Seen seen = new Seen();
        int cpus = Runtime.getRuntime().availableProcessors();
        List<SmtpClient> held = new ArrayList<>();
        try (SmtpReceiver receiver = SmtpReceiver.builder().listener(seen).start()) {
            session(receiver);
            for (int i = 0; i < cpus; i++) {
                held.add(SmtpClient.connect(receiver.port())); // greeted: a live session each
            }
            for (SmtpClient spare : List.of(SmtpClient.connect(receiver.port()), SmtpClient.connect(receiver.port()))) {
                held.add(spare); // threads that wait for a session, once these two are over
            }
            held.remove(held.size() - 1).close();
            held.remove(held.size() - 1).close();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.activeSessionCount() == cpus);
            Thread accepting = theAcceptor();

            session(receiver);

            // the CPUs are likely busy: a thread woken late to take over accepting would hold up the
            // next client, so the session went to a waiting thread and accepting stayed where it was
            assertThat(seen.threads.get(seen.threads.size() - 1)).isNotSameAs(accepting);
            assertThat(theAcceptor()).isSameAs(accepting);
        } finally {
            held.forEach(SmtpClient::close);
        }
    }

    @Test
    void aListenerBlockedOnTheThreadThatAcceptedItsClientHoldsUpNoOtherReceiver() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> blockedOn = new CopyOnWriteArrayList<>();
        SmtpListener blocking = new SmtpListener() {
            @Override
            public void clientConnected(SmtpEvent.ClientConnected event) {
                if (event.sessionId().equals("s2")) {
                    blockedOn.add(Thread.currentThread());
                    blocked.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        Seen seen = new Seen();
        try (SmtpReceiver stuck = SmtpReceiver.builder().listener(seen).listener(blocking).start();
             SmtpReceiver other = SmtpReceiver.builder().start()) {
            session(stuck);
            awaitWaiting(seen.threads.get(0));
            Thread accepting = theAcceptor();
            try (SmtpClient waiting = SmtpClient.connectSilently(stuck.port())) {
                assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(blockedOn).containsExactly(accepting); // served where it was accepted
                session(other);
                session(other);
                release.countDown();
                assertThat(waiting.readReply()).startsWith("220 ");
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void aThreadInterruptedAfterItsSessionAcceptsWithoutSpinning() {
        Seen seen = new Seen();
        try (SmtpReceiver receiver = SmtpReceiver.builder().listener(seen).start()) {
            session(receiver);
            Thread kept = seen.threads.get(0); // as a listener might keep it, to interrupt it later
            awaitWaiting(kept);
            session(receiver); // the thread that waited last, `kept`, takes over accepting
            await().atMost(Duration.ofSeconds(10)).until(() -> acceptors().equals(List.of(kept)));

            kept.interrupt();
            long before = MX.getThreadCpuTime(kept.getId());
            long start = System.nanoTime();
            // a selector whose thread stays interrupted returns at once, round after round: all of a core
            await("acceptor CPU under 10 % of a core").during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> MX.getThreadCpuTime(kept.getId()) - before < (System.nanoTime() - start) / 10
                            + TimeUnit.MILLISECONDS.toNanos(20));
            assertThat(acceptors()).containsExactly(kept);
            session(receiver);
            assertThat(seen.threads).hasSize(3);
        }
    }
}
