package dev.smtptestkit.internal.net;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The failure record of one JVM-wide thread: a bounded back-off (10 ms doubling to 1 s, reset by the
 * next success), one log line per episode of failures, and counts. Used by one thread only; the
 * counts may be read from any.
 */
final class Backoff {

    /** What a thread that backs off does meanwhile, for the log line. */
    static final String RETRYING = "retrying after 10 ms, doubling up to 1 s";
    static final long FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final System.Logger LOG = System.getLogger("dev.smtptestkit.internal.net");

    private final String what;
    private final String then;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong episodes = new AtomicLong();
    private long current; // 0 outside an episode
    private long inEpisode;

    /**
     * {@code what} names the work that fails and {@code then} what happens meanwhile, as they read
     * in the log line.
     */
    Backoff(String what, String then) {
        this.what = what;
        this.then = then;
    }

    /**
     * Records a failure and returns how long to wait before the next try. Never throws, even when
     * the failure is an {@link OutOfMemoryError} and logging cannot allocate.
     */
    long failed(Throwable failure) {
        failures.incrementAndGet();
        inEpisode++;
        if (current != 0) {
            current = Math.min(MAX_NANOS, current * 2);
            return current;
        }
        current = FIRST_NANOS;
        episodes.incrementAndGet();
        try {
            LOG.log(System.Logger.Level.WARNING, what + " failed: " + failure + "; " + then
                    + " (logged once until it works again)");
        } catch (Throwable ignored) {
            // out of memory, or a broken log handler: the count still says it happened
        }
        return current;
    }

    /** Ends an episode of failures, if one is going on. */
    void succeeded() {
        if (current == 0) {
            return;
        }
        current = 0;
        long failed = inEpisode;
        inEpisode = 0;
        try {
            LOG.log(System.Logger.Level.DEBUG, what + " works again after " + failed + " failures");
        } catch (Throwable ignored) {
            // as above
        }
    }

    /** Failures since the JVM started. */
    long failures() {
        return failures.get();
    }

    /** Episodes of failures (each logged once) since the JVM started. */
    long episodes() {
        return episodes.get();
    }
}
