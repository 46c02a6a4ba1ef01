package dev.smtptestkit.standalone.http;

import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiver's events, numbered from 1, the last {@value #CAPACITY} kept: the source of the event
 * log and of the server-sent events stream. Recording is a short synchronized append, so the
 * session threads that call it never wait on an HTTP client.
 */
final class EventFeed implements SmtpListener {

    static final int CAPACITY = 10_000;

    /** One event and its number; or, with {@code event} null, a change made through the API ("cleared"). */
    record Entry(long seq, SmtpEvent event, String change) {
    }

    private final Entry[] ring = new Entry[CAPACITY];
    private long last; // the number of the newest event; 0 before the first
    private boolean closed;

    @Override
    public void onEvent(SmtpEvent event) {
        add(event, "");
    }

    /** Records a change made through the API, so live views refresh. */
    void note(String change) {
        add(null, change);
    }

    private void add(SmtpEvent event, String change) {
        synchronized (ring) {
            last++;
            ring[(int) (last % CAPACITY)] = new Entry(last, event, change);
            ring.notifyAll();
        }
    }

    /** Ends every wait now and from now on: the view is closing. */
    void close() {
        synchronized (ring) {
            closed = true;
            ring.notifyAll();
        }
    }

    boolean isClosed() {
        synchronized (ring) {
            return closed;
        }
    }

    /** The number of the newest event, 0 when none was recorded. */
    long last() {
        synchronized (ring) {
            return last;
        }
    }

    /** The kept events numbered above {@code after}, oldest first, at most {@code limit}. */
    List<Entry> after(long after, int limit) {
        synchronized (ring) {
            long from = Math.max(Math.max(after, 0) + 1, last - CAPACITY + 1);
            List<Entry> out = new ArrayList<>();
            for (long s = Math.max(from, 1); s <= last && out.size() < limit; s++) {
                out.add(ring[(int) (s % CAPACITY)]);
            }
            return out;
        }
    }

    /**
     * Waits until an event numbered above {@code after} is recorded or {@code millis} pass.
     *
     * @return whether one was recorded
     */
    boolean awaitAfter(long after, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (ring) {
            while (last <= after && !closed) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                ring.wait(left);
            }
            return last > after;
        }
    }
}
