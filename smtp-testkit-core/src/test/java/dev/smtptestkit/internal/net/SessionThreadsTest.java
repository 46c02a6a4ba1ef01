package dev.smtptestkit.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The platform threads that wait for the next session of any receiver (Java 17-20): what a session
 * changed on its thread is put back before the next one, {@code ended} sees the tidied thread, and
 * a thread reserved for a session that could not be made goes back to waiting.
 */
class SessionThreadsTest {

    private static final Runnable NOTHING = () -> { };

    private static SessionThreads threads(String prefix) {
        return new SessionThreads(Threads.factory(prefix), true, prefix);
    }

    // Runs a task, returns its thread once that thread waits for the next session again.
    private static Thread runAndWaitIdle(SessionThreads threads, Runnable task) throws Exception {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        threads.run(threads.reserve(true), () -> {
            ran.complete(Thread.currentThread());
            task.run();
        }, t -> { }, NOTHING);
        Thread thread = ran.get(10, TimeUnit.SECONDS);
        awaitWaiting(thread);
        return thread;
    }

    private static void awaitWaiting(Thread thread) {
        await().atMost(Duration.ofSeconds(10)).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
    }

    @BeforeEach
    void platformThreadsOnly() {
        assumeTrue(!Threads.virtual(), "Java 21+ runs every session on a new virtual thread");
    }

    @Test
    void whatASessionChangedOnItsThreadIsPutBackBeforeTheNextOne() throws Exception {
        SessionThreads first = threads("first-session-");
        ClassLoader foreign = new URLClassLoader(new URL[0]);
        Thread used = runAndWaitIdle(first, () -> {
            Thread self = Thread.currentThread();
            assertThat(self.getName()).startsWith("first-session-");
            self.setName("renamed by a listener");
            self.setPriority(Thread.MAX_PRIORITY);
            self.setContextClassLoader(foreign);
            self.setUncaughtExceptionHandler((t, e) -> { });
            self.interrupt();
        });

        // The next session, of another receiver, on the same thread: the most recent waiting one.
        SessionThreads second = threads("second-session-");
        AtomicReference<String> seen = new AtomicReference<>();
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        second.run(second.reserve(true), () -> {
            Thread self = Thread.currentThread();
            seen.set(self.getName() + "|" + self.getPriority() + "|" + (self.getContextClassLoader() == foreign)
                    + "|" + (self.getUncaughtExceptionHandler() == self.getThreadGroup()) + "|" + self.isInterrupted());
            ran.complete(self);
        }, t -> { }, NOTHING);
        assertThat(ran.get(10, TimeUnit.SECONDS)).isSameAs(used);
        assertThat(seen.get()).isEqualTo("second-session-1|" + Thread.NORM_PRIORITY + "|false|true|false");
    }

    @Test
    void endedRunsOnTheTidiedThreadAfterTheSession() throws Exception {
        SessionThreads threads = threads("ended-session-");
        CompletableFuture<String> nameAtEnd = new CompletableFuture<>();
        threads.run(threads.reserve(true), () -> Thread.currentThread().setName("changed"), t -> { },
                () -> nameAtEnd.complete(Thread.currentThread().getName()));
        assertThat(nameAtEnd.get(10, TimeUnit.SECONDS)).isEqualTo(SessionThreads.IDLE_NAME);
    }

    @Test
    void aWaitingThreadKeepsItsSessionsNameUntilItsReceiverForgetsIt() throws Exception {
        SessionThreads threads = threads("kept-session-");
        CompletableFuture<String> nameAtEnd = new CompletableFuture<>();
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        threads.run(threads.reserve(true), () -> ran.complete(Thread.currentThread()), t -> { },
                () -> nameAtEnd.complete(Thread.currentThread().getName()));
        Thread thread = ran.get(10, TimeUnit.SECONDS);
        // a thread does not rename itself: that is a call into the OS per session
        assertThat(nameAtEnd.get(10, TimeUnit.SECONDS)).isEqualTo("kept-session-1");
        awaitWaiting(thread);
        assertThat(thread.getName()).isEqualTo("kept-session-1");

        threads.forget(List.of()); // its receiver closed
        assertThat(thread.getName()).isEqualTo(SessionThreads.IDLE_NAME);
    }

    @Test
    void forgettingAReceiverLeavesThreadsThatAreNamedForAnotherOrStillRunning() throws Exception {
        SessionThreads first = threads("old-receiver-session-");
        Thread thread = runAndWaitIdle(first, NOTHING);
        SessionThreads second = threads("new-receiver-session-");
        CountDownLatch hold = new CountDownLatch(1);
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        second.run(second.reserve(true), () -> {
            ran.complete(Thread.currentThread());
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, t -> { }, NOTHING);
        assertThat(ran.get(10, TimeUnit.SECONDS)).isSameAs(thread);

        first.forget(List.of());
        assertThat(thread.getName()).isEqualTo("new-receiver-session-1");
        second.forget(List.of(thread)); // still running: it keeps its name
        assertThat(thread.getName()).isEqualTo("new-receiver-session-1");
        hold.countDown();
        awaitWaiting(thread);
        second.forget(List.of());
        assertThat(thread.getName()).isEqualTo(SessionThreads.IDLE_NAME);
    }

    @Test
    void aReservedThreadThatGetsNoSessionWaitsForTheNextOne() throws Exception {
        SessionThreads threads = threads("reserved-session-");
        Thread waiting = runAndWaitIdle(threads, NOTHING);

        SessionThreads.Reserved reserved = threads.reserve(true);
        assertThat(reserved).isNotNull();
        // woken early, it finds no session and waits again; given back, it is tidied and waits
        threads.release(reserved);
        awaitWaiting(waiting);

        CompletableFuture<Thread> ran = new CompletableFuture<>();
        threads.run(threads.reserve(true), () -> ran.complete(Thread.currentThread()), t -> { }, NOTHING);
        assertThat(ran.get(10, TimeUnit.SECONDS)).isSameAs(waiting);
    }

    @ParameterizedTest(name = "woken early: {0}")
    @ValueSource(booleans = {true, false})
    void aReservedThreadRunsTheSessionItIsHanded(boolean wakeEarly) throws Exception {
        SessionThreads threads = threads("handed-session-");
        Thread waiting = runAndWaitIdle(threads, NOTHING);

        SessionThreads.Reserved reserved = threads.reserve(wakeEarly);
        AtomicReference<Thread> told = new AtomicReference<>();
        CompletableFuture<String> ran = new CompletableFuture<>();
        Thread returned = threads.run(reserved, () -> ran.complete(Thread.currentThread().getName()), told::set, NOTHING);
        assertThat(returned).isSameAs(waiting).isSameAs(told.get());
        assertThat(ran.get(10, TimeUnit.SECONDS)).isEqualTo("handed-session-2");
    }

    // A session's task and ended callback, reachable only through the thread that runs them; the
    // returned references clear once nothing holds either (the task is, in a receiver, a
    // Connection and, through it, the receiver's mailbox).
    private static List<WeakReference<Runnable>> runHeldOnlyByTheThread(SessionThreads threads, boolean newThread,
                                                                       CompletableFuture<Thread> ran) {
        Object[] state = {new byte[1024]};
        Runnable task = () -> {
            assertThat(state).hasSize(1);
            ran.complete(Thread.currentThread());
        };
        Runnable ended = () -> assertThat(state).hasSize(1);
        threads.run(newThread ? null : threads.reserve(true), task, t -> { }, ended);
        return List.of(new WeakReference<>(task), new WeakReference<>(ended));
    }

    @ParameterizedTest(name = "on a new thread: {0}")
    @ValueSource(booleans = {true, false})
    void aThreadHoldsNoSessionThatIsOverWhileItWaitsOrServesAnother(boolean newThread) throws Exception {
        SessionThreads threads = threads("held-session-");
        if (!newThread) {
            runAndWaitIdle(threads, NOTHING); // a waiting thread to reuse
        }
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        List<WeakReference<Runnable>> held = runHeldOnlyByTheThread(threads, newThread, ran);
        Thread thread = ran.get(10, TimeUnit.SECONDS);
        awaitWaiting(thread);
        // well inside the 10 s a thread waits for its next session before it ends
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            System.gc();
            return held.stream().allMatch(r -> r.get() == null);
        });

        // and while it serves another receiver's session
        SessionThreads other = threads("other-session-");
        CompletableFuture<Thread> ranAgain = new CompletableFuture<>();
        List<WeakReference<Runnable>> again = runHeldOnlyByTheThread(other, false, ranAgain);
        assertThat(ranAgain.get(10, TimeUnit.SECONDS)).isSameAs(thread);
        awaitWaiting(thread);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            System.gc();
            return again.stream().allMatch(r -> r.get() == null);
        });
    }
}
