package dev.smtptestkit.internal.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deliveries one owner has running, so the owner can end them all at once: a receiver that
 * relays closes the relay's sockets when it is closed, instead of waiting out a stalled target's
 * reply timeout (which would outlast the receiver's grace period). A delivery that starts after
 * {@link #stopAll} is stopped as soon as it starts. Thread-safe.
 */
public final class Stops {

    private final Set<Deadline> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /** Stops every running delivery, and every later one as it starts. */
    public void stopAll() {
        stopped = true;
        running.forEach(Deadline::stop);
    }

    void started(Deadline delivery) {
        running.add(delivery);
        if (stopped) {
            delivery.stop(); // stopAll() ran before, or between the add and here
        }
    }

    void ended(Deadline delivery) {
        running.remove(delivery);
    }
}
