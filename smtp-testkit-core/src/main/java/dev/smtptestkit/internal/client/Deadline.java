package dev.smtptestkit.internal.client;

import java.io.Closeable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The whole-delivery limit: at the deadline the socket is closed, which ends a blocked read or
 * write at once. One JVM-wide daemon thread does this; it runs no user code (a close only), and a
 * task that throws anything is caught, so the thread survives it.
 */
final class Deadline implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "smtp-testkit-sender-deadline");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private final long endNanos;
    private final ScheduledFuture<?> task;
    private volatile boolean expired;

    Deadline(long millis, Closeable target) {
        this.endNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        this.task = TIMER.schedule(() -> {
            expired = true;
            try {
                target.close();
            } catch (Throwable ignored) {
                // the socket may already be closed; the thread must survive whatever close throws
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    long remainingMillis() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
    }

    boolean expired() {
        return expired || remainingMillis() == 0;
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
