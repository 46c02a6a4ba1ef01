package dev.smtptestkit.internal.net;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JVM-wide thread that enforces the receivers' timeouts (RFC 5321 4.5.3.2): it ends reads that
 * outlive their deadline (sessions read without socket timeouts, which would cost a poll per read)
 * and connections whose write has been blocked past the idle timeout (a client that never reads
 * fills the socket buffers; socket timeouts would not cover writes anyway). Shared so that a
 * receiver per test does not pay for a thread of its own; it ends by itself after a while with
 * nothing to watch.
 */
final class TimeoutWatchdog {

    private static final long LINGER_NANOS = 5_000_000_000L;
    private static final Object LOCK = new Object();
    private static final Set<Server> SERVERS = ConcurrentHashMap.newKeySet();
    private static Thread thread; // guarded by LOCK

    private TimeoutWatchdog() {
    }

    /** Starts watching a server's connections (idempotent). */
    static void watch(Server server) {
        if (!SERVERS.add(server)) {
            return;
        }
        synchronized (LOCK) {
            if (thread == null) {
                thread = new Thread(TimeoutWatchdog::loop, "smtp-testkit-timeout-watchdog");
                thread.setDaemon(true);
                thread.start();
            }
            LOCK.notifyAll(); // a shorter idle timeout may need a shorter period
        }
    }

    /** Stops watching a server. */
    static void unwatch(Server server) {
        SERVERS.remove(server);
    }

    private static void loop() {
        long idleSince = System.nanoTime();
        synchronized (LOCK) {
            while (true) {
                long now = System.nanoTime();
                long period = 1_000;
                if (SERVERS.isEmpty()) {
                    if (now - idleSince > LINGER_NANOS) {
                        thread = null;
                        return;
                    }
                } else {
                    idleSince = now;
                    for (Server server : SERVERS) {
                        if (!server.enforceTimeouts(now)) {
                            SERVERS.remove(server); // closed while registering (e.g. by a listener)
                        }
                        period = Math.min(period, server.watchPeriodMillis());
                    }
                }
                try {
                    LOCK.wait(period);
                } catch (InterruptedException e) {
                    // keep watching: sessions depend on this thread for their timeouts
                }
            }
        }
    }
}
