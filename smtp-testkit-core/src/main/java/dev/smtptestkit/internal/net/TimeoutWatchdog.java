package dev.smtptestkit.internal.net;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One JVM-wide thread that enforces the receivers' timeouts (RFC 5321 4.5.3.2): it ends reads that
 * outlive their deadline (sessions read without socket timeouts, which would cost a poll per read)
 * and connections whose write has been blocked past the idle timeout (a client that never reads
 * fills the socket buffers; socket timeouts would not cover writes anyway). Shared so that a
 * receiver per test does not pay for a thread of its own; it ends by itself after a while with
 * nothing to watch.
 *
 * <p>It runs no user code (it only shuts sockets down), and survives any Throwable: a failed round
 * (an {@link OutOfMemoryError}) is counted, logged once per episode and retried after a bounded
 * back-off; should the thread end all the same, the next accepted client starts a new one.
 */
final class TimeoutWatchdog {

    static final String THREAD_NAME = "smtp-testkit-timeout-watchdog";
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Object LOCK = new Object();
    private static final Set<Server> SERVERS = ConcurrentHashMap.newKeySet();
    static final Backoff FAILURES = new Backoff("Enforcing timeouts (" + THREAD_NAME + ")", Backoff.RETRYING);
    private static volatile Thread thread; // written under LOCK
    // The period the thread waits with now (0: it has not waited yet); guarded by LOCK.
    private static long period;
    private static boolean roundFailed; // watchdog thread only

    private TimeoutWatchdog() {
    }

    /**
     * Starts watching a server's connections, and starts the thread if it is not running. Cheap
     * when both are so already; never throws (no thread to be had now: the next call tries again).
     */
    static void watch(Server server) {
        boolean added = SERVERS.add(server);
        Thread running = thread;
        if (!added && running != null && running.isAlive()) {
            return;
        }
        synchronized (LOCK) {
            if (thread == null || !thread.isAlive()) {
                try {
                    Thread t = new Thread(TimeoutWatchdog::loop, THREAD_NAME);
                    t.setDaemon(true);
                    t.start();
                    thread = t;
                    period = 0; // until it waits, it looks at every server anyway
                } catch (Throwable e) {
                    FAILURES.failed(e); // no thread now (OutOfMemoryError): the next accept tries again
                }
            }
            // A shorter idle timeout needs a shorter period. The thread sets `period` under LOCK
            // from every server in the set before it waits, so one added later is compared here;
            // a receiver per test with the same timeout then does not wake the thread at all.
            if (server.watchPeriodMillis() < period) {
                LOCK.notifyAll();
            }
        }
    }

    /** Stops watching a server. */
    static void unwatch(Server server) {
        SERVERS.remove(server);
    }

    private static void loop() {
        Thread self = Thread.currentThread();
        long idleSince = System.nanoTime();
        try {
            while (true) {
                long periodMillis;
                boolean backingOff = false;
                try {
                    long now = System.nanoTime();
                    roundFailed = false;
                    if (!SERVERS.isEmpty()) {
                        idleSince = now;
                        periodMillis = enforceAll(now);
                    } else if (now - idleSince > LINGER_NANOS && endIfIdle(self)) {
                        return;
                    } else {
                        periodMillis = 1_000;
                    }
                    if (!roundFailed) {
                        FAILURES.succeeded();
                    }
                } catch (Throwable e) {
                    // OutOfMemoryError included: every session in the JVM depends on this thread
                    periodMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(FAILURES.failed(e)));
                    backingOff = true;
                }
                synchronized (LOCK) {
                    try {
                        if (!backingOff && !roundFailed) {
                            for (Server server : SERVERS) {
                                periodMillis = Math.min(periodMillis, server.watchPeriodMillis()); // added meanwhile
                            }
                        }
                        period = periodMillis;
                        LOCK.wait(periodMillis);
                    } catch (InterruptedException e) {
                        // keep watching: sessions depend on this thread for their timeouts
                    }
                }
            }
        } finally {
            synchronized (LOCK) {
                if (thread == self) {
                    thread = null; // ended by a Throwable that escaped: the next watch() starts a new one
                }
            }
        }
    }

    // One server's trouble must not leave the others unwatched.
    private static long enforceAll(long now) {
        long period = 1_000;
        for (Server server : SERVERS) {
            try {
                if (!server.enforceTimeouts(now)) {
                    SERVERS.remove(server); // closing: no more watching
                }
                period = Math.min(period, server.watchPeriodMillis());
            } catch (Throwable e) {
                roundFailed = true;
                period = Math.min(period, Math.max(1, TimeUnit.NANOSECONDS.toMillis(FAILURES.failed(e))));
            }
        }
        return period;
    }

    // A watch() that saw this thread alive just before it ends has added its server already, so
    // the set is looked at again after the thread is marked gone.
    private static boolean endIfIdle(Thread self) {
        synchronized (LOCK) {
            if (!SERVERS.isEmpty()) {
                return false;
            }
            thread = null;
            if (SERVERS.isEmpty()) {
                return true;
            }
            thread = self;
            return false;
        }
    }
}
