package dev.smtptestkit.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Collections around one measurement: {@link #settle()} before it, so the heap it starts on holds
 * no other contender's garbage, and {@link #snapshot()} deltas for what it caused itself.
 */
final class Gc {

    /** Collections so far: how many and their accumulated time, over every collector of this JVM. */
    record Snapshot(long count, long millis) {
        Snapshot minus(Snapshot earlier) {
            return new Snapshot(count - earlier.count, millis - earlier.millis);
        }

        Snapshot plus(Snapshot other) {
            return new Snapshot(count + other.count, millis + other.millis);
        }
    }

    private Gc() {
    }

    /** A full collection, untimed: what the previous measurement left behind is gone. */
    static void settle() {
        System.gc();
    }

    static Snapshot snapshot() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new Snapshot(count, millis);
    }
}
