package dev.smtptestkit.internal.net;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One JVM-wide thread that accepts connections for every receiver, through a selector. A receiver
 * per test then costs a bind and a close, not the start and join of an accept thread of its own.
 * The thread ends by itself after a while with no receiver to serve, and starts again on demand.
 *
 * <p>It runs no user code: it takes connections and hands each to a thread of its receiver
 * ({@link Server#accepted}), which does all the recording. On Java 17-20, where session threads
 * wait for their next session, that hand-off is leader/follower while the receiver runs fewer
 * sessions than there are CPUs: the accepting thread takes a waiting thread, hands accepting over
 * to it ({@link #handOver}), and then serves the client itself, so the client's greeting does not wait for another thread's wake-up; accepting is thus
 * a role that passes from thread to thread, always held by a thread that is between sessions.
 * The thread that accepts is named {@value #THREAD_NAME} while it does. It survives any Throwable: a failed
 * accept (out of file descriptors) pauses that channel with a bounded back-off instead of spinning,
 * a failure of the loop itself (an {@link OutOfMemoryError}) backs off and goes on, and should the
 * thread end all the same, a new one takes its receivers over.
 */
final class SharedAcceptor {

    static final String THREAD_NAME = "smtp-testkit-acceptor";
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Object LOCK = new Object();
    private static final Queue<Server> JOINING = new ConcurrentLinkedQueue<>();
    private static final Map<Server, CountDownLatch> LEAVING = new ConcurrentHashMap<>();
    static final Backoff ACCEPT_FAILURES = new Backoff("Accepting connections (" + THREAD_NAME + ")",
            Backoff.RETRYING + "; clients wait in the backlog");
    static final Backoff LOOP_FAILURES = new Backoff("The accept loop (" + THREAD_NAME + ")", Backoff.RETRYING);
    static final Backoff SESSION_FAILURES = new Backoff("Starting a session thread (" + THREAD_NAME + ")",
            "each client that gets no thread is answered 421 and closed");
    // Channels whose accept failed, and when (System.nanoTime()) to try them again. Acceptor only.
    private static final Map<SelectionKey, Long> PAUSED = new HashMap<>();
    private static Selector selector; // guarded by LOCK
    // The thread that accepts now (leader/follower: it changes, see SessionThreads.run). Written
    // under LOCK; volatile so the accepting thread can ask cheaply whether it is still the one.
    private static volatile Thread thread;
    // What a thread that takes over accepting runs: the loop of the current selector, made with it
    // so that handing over allocates nothing. Guarded by LOCK.
    private static Runnable carryOn;
    private static long idleSince; // acceptor only

    private SharedAcceptor() {
    }

    /**
     * Starts accepting for a server whose channel is bound and non-blocking.
     *
     * @throws IOException when no selector can be opened
     */
    static void register(Server server) throws IOException {
        synchronized (LOCK) {
            JOINING.add(server);
            try {
                if (thread == null || !thread.isAlive()) {
                    startThread();
                }
            } catch (IOException | RuntimeException | Error e) {
                JOINING.remove(server);
                throw e;
            }
            selector.wakeup();
        }
    }

    // Under LOCK. Fields are set only once the thread runs, so a failed start (OutOfMemoryError:
    // pthread_create refused) leaves nothing half made, and the next register() tries again.
    private static void startThread() throws IOException {
        if (selector != null) {
            adopt(selector); // a thread that ended without handing over: take its receivers
        }
        Selector fresh = Selector.open();
        try {
            Runnable next = () -> loop(fresh, false);
            Thread t = SessionThreads.startAcceptor(() -> loop(fresh, true), THREAD_NAME);
            selector = fresh;
            carryOn = next;
            thread = t;
        } catch (RuntimeException | Error e) {
            fresh.close();
            throw e;
        }
    }

    /** For the thread that accepts now: what a thread that takes over from it runs. */
    static Runnable carryOn() {
        synchronized (LOCK) {
            return carryOn;
        }
    }

    /** Whether the calling thread is the one that accepts now. */
    static boolean accepting() {
        return thread == Thread.currentThread();
    }

    /**
     * Leader/follower, for {@link SessionThreads#run}: the calling thread, which accepts now, hands
     * accepting over to {@code follower} (a thread that waits for work) and can then serve the
     * connection it has just accepted itself, without waking another thread for it first. Allocates
     * nothing and cannot fail, so it is the last step of a hand-over that must not be half done.
     *
     * Takes this class's lock only, under {@code SessionThreads}' lock: the lock order.
     *
     * @return false when the calling thread does not accept now (nothing was handed over); the
     *         follower is to run {@link #carryOn()}, asked for before
     */
    static boolean handOver(Thread follower) {
        synchronized (LOCK) {
            if (thread != Thread.currentThread()) {
                return false;
            }
            thread = follower;
            return true;
        }
    }

    // How long deregister() spins before it parks, when asked to (see there).
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final boolean SPARE_CPU = Runtime.getRuntime().availableProcessors() > 1;

    /**
     * Stops accepting for a server and returns once the selector has let go of its channel, so the
     * channel's close releases the port at once.
     *
     * @param spin whether to spin for up to 50 µs before parking, for a caller that knows no thread
     *             of its own is running (a receiver with no session): the acceptor's answer
     *             usually comes within 10 µs, and a parked caller pays the wake-up of its CPU on
     *             top (measured: close of a receiver that got no client 25 - 36 µs parked, 13 - 14
     *             µs spinning). With a session still ending, spinning would take the CPU the
     *             acceptor needs on a 2-core machine (measured: close after a message 85 -> 140 µs),
     *             so such a caller parks at once; so does every caller on a single CPU.
     */
    static void deregister(Server server, long timeoutMillis, boolean spin) {
        CountDownLatch done = new CountDownLatch(1);
        synchronized (LOCK) {
            JOINING.remove(server);
            if (thread == null) {
                return;
            }
            LEAVING.put(server, done);
            selector.wakeup();
            if (Thread.currentThread() == thread) {
                return; // cannot happen (no user code runs here), but must never wait for itself
            }
        }
        try {
            if (spin && SPARE_CPU) {
                long until = System.nanoTime() + SPIN_NANOS;
                while (done.getCount() != 0 && System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
            }
            done.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // `fresh`: a new selector, else one carried on from the thread that accepted before this one
    // (its paused channels and idle time stay as they were).
    private static void loop(Selector sel, boolean fresh) {
        if (fresh) {
            PAUSED.clear();
            idleSince = System.nanoTime();
        }
        try {
            while (true) {
                try {
                    if (!step(sel)) {
                        return;
                    }
                    LOOP_FAILURES.succeeded();
                } catch (ClosedSelectorException e) {
                    return;
                } catch (Throwable e) {
                    // OutOfMemoryError included: every receiver in the JVM depends on this thread.
                    LockSupport.parkNanos(LOOP_FAILURES.failed(e));
                }
            }
        } finally {
            restartIfAbandoned(sel);
        }
    }

    /**
     * One round; false once the thread has ended itself for want of receivers, or has handed
     * accepting over to another thread (then it touches nothing of the acceptor's any more).
     */
    private static boolean step(Selector sel) throws IOException {
        // The thread served sessions before (leader/follower), and a listener may have kept it and
        // interrupt it now: select() would return at once, round after round, while it stays set.
        Thread.interrupted();
        // A thread that takes over accepting may find work whose wakeup() its predecessor had
        // already taken: it looks without blocking then.
        if (JOINING.isEmpty() && LEAVING.isEmpty()) {
            sel.select(selectTimeoutMillis());
        } else {
            sel.selectNow();
        }
        resumeDue();
        joinPending(sel);
        if (!acceptSelected(sel)) {
            return false;
        }
        if (!LEAVING.isEmpty() && !leave(sel)) {
            return false;
        }
        long now = System.nanoTime();
        if (!sel.keys().isEmpty()) {
            idleSince = now;
        } else if (now - idleSince > LINGER_NANOS) {
            synchronized (LOCK) {
                if (JOINING.isEmpty() && LEAVING.isEmpty() && selector == sel) {
                    thread = null;
                    selector = null;
                    sel.close();
                    return false;
                }
            }
        }
        return true;
    }

    // The thread ended other than by lingering (which clears the fields first) or handing over: a
    // new thread takes over every receiver it served.
    private static void restartIfAbandoned(Selector sel) {
        synchronized (LOCK) {
            if (selector != sel || thread != Thread.currentThread()) {
                return; // lingered out, or accepting was handed over to another thread
            }
            thread = null;
            try {
                boolean served;
                try {
                    served = !JOINING.isEmpty() || !sel.keys().isEmpty();
                } catch (ClosedSelectorException e) {
                    served = !JOINING.isEmpty();
                }
                if (served) {
                    startThread();
                }
            } catch (Throwable e) {
                // no thread to be had now; register() tries again, and the receivers wait in JOINING
            }
        }
    }

    // Under LOCK: queue the receivers of an abandoned selector for a new one, and close it.
    private static void adopt(Selector old) {
        try {
            for (SelectionKey key : old.keys()) {
                if (key.isValid() && !LEAVING.containsKey((Server) key.attachment())) {
                    JOINING.add((Server) key.attachment());
                }
            }
        } catch (ClosedSelectorException e) {
            // already closed: its receivers were queued then
        }
        LEAVING.values().forEach(CountDownLatch::countDown);
        LEAVING.clear();
        selector = null;
        try {
            old.close();
        } catch (IOException ignored) {
            // the keys are what mattered
        }
    }

    private static long selectTimeoutMillis() {
        long timeout = LINGER_NANOS;
        long now = System.nanoTime();
        for (long resumeAt : PAUSED.values()) {
            timeout = Math.min(timeout, resumeAt - now);
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeout + 999_999));
    }

    private static void resumeDue() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<SelectionKey, Long>> it = PAUSED.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SelectionKey, Long> entry = it.next();
            SelectionKey key = entry.getKey();
            if (!key.isValid()) {
                it.remove();
            } else if (now - entry.getValue() >= 0) {
                key.interestOps(SelectionKey.OP_ACCEPT);
                it.remove();
            }
        }
    }

    private static void joinPending(Selector sel) {
        for (Server server; (server = JOINING.poll()) != null; ) {
            try {
                for (ServerSocketChannel channel : server.channels()) {
                    channel.register(sel, SelectionKey.OP_ACCEPT, server);
                }
            } catch (IOException | RuntimeException e) {
                // closed before it could be registered: nothing to accept
            }
        }
    }

    // False once accepting was handed over (see handOver): the keys left selected are the next
    // thread's, which finds them ready again (level-triggered).
    private static boolean acceptSelected(Selector sel) {
        for (Iterator<SelectionKey> it = sel.selectedKeys().iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            if (key.isValid() && key.isAcceptable() && !acceptOne(key)) {
                return false;
            }
        }
        return true;
    }

    // One connection per ready channel and round: the selection is level-triggered, so a backlog
    // left behind makes the next select() return at once, and a receiver with a burst of clients
    // takes turns with the others. Accepting until none is left cost a failing accept() (EAGAIN)
    // per connection with one client at a time.
    // False once accepting was handed over to another thread, this one to serve the client.
    private static boolean acceptOne(SelectionKey key) {
        Server server = (Server) key.attachment();
        ServerSocketChannel channel = (ServerSocketChannel) key.channel();
        SocketChannel client;
        try {
            client = channel.accept();
        } catch (ClosedChannelException e) {
            return true; // the receiver is closing
        } catch (IOException e) {
            // Out of file descriptors (EMFILE, ENFILE) or kernel memory: the connection stays in
            // the backlog and the channel stays ready, so trying again at once would spin at
            // 100 % of a core. Pause this channel, 10 ms doubling to 1 s; a success resets it.
            pause(key, ACCEPT_FAILURES.failed(e));
            return true;
        }
        if (client == null) {
            return true; // the client gave up before it was accepted
        }
        ACCEPT_FAILURES.succeeded();
        try {
            Throwable failure = server.accepted(client, channel);
            if (!accepting()) {
                return false; // handed over: the counters are the next thread's now
            }
            if (failure == null) {
                SESSION_FAILURES.succeeded();
            } else {
                SESSION_FAILURES.failed(failure);
            }
        } catch (Throwable e) {
            // accepted() handles its own failures; this is the last line, for the other receivers
            // (a hand-over is the last step of a success, so this thread still accepts)
            SESSION_FAILURES.failed(e);
            closeQuietly(client);
        }
        return true;
    }

    private static void pause(SelectionKey key, long nanos) {
        if (key.isValid()) {
            key.interestOps(0);
            PAUSED.put(key, System.nanoTime() + nanos);
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing more to do
        }
    }

    // A cancelled key is dropped by the next selection; after that, closing the channel frees the
    // port at once (a registered channel would keep its socket open until then).
    // False when accepting was handed over meanwhile: the next thread leaves them (its first round
    // does not block while some are left to leave).
    private static boolean leave(Selector sel) throws IOException {
        List<Server> left = new ArrayList<>(LEAVING.keySet()); // one that comes meanwhile waits for the next round
        for (Server server : left) {
            for (ServerSocketChannel channel : server.channels()) {
                SelectionKey key = channel.keyFor(sel);
                if (key != null) {
                    key.cancel();
                    PAUSED.remove(key);
                }
            }
            JOINING.remove(server);
        }
        sel.selectNow();
        if (!acceptSelected(sel)) { // other receivers' clients that arrived meanwhile
            return false;
        }
        for (Server server : left) {
            CountDownLatch done = LEAVING.remove(server);
            if (done != null) {
                done.countDown();
            }
        }
        return true;
    }
}
