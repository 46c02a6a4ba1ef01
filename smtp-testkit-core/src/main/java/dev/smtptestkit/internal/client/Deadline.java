package dev.smtptestkit.internal.client;

import java.io.Closeable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The whole-delivery limit: at the deadline the socket is closed, which ends a blocked read or
 * write at once; {@link #stop} does the same earlier, for a delivery whose owner is closing. One
 * JVM-wide daemon thread does this; it runs no user code (a close only), and a task that throws
 * anything is caught, so the thread survives it.
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
    private final Closeable target;
    private final ScheduledFuture<?> task;
    private volatile boolean expired;
    private volatile boolean stopped;

    Deadline(long millis, Closeable target) {
        this.endNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        this.target = target;
        this.task = TIMER.schedule(() -> {
            expired = true;
            closeTarget();
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void closeTarget() {
        try {
            target.close();
        } catch (Throwable ignored) {
            // the socket may already be closed; the thread must survive whatever close throws
        }
    }

    /** Ends the delivery now, the way the deadline would (see {@link Stops}). */
    void stop() {
        stopped = true;
        closeTarget();
    }

    /** Whether {@link #stop} ended the delivery. */
    boolean stopped() {
        return stopped;
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
