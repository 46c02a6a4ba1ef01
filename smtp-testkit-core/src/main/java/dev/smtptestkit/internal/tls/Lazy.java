package dev.smtptestkit.internal.tls;

import java.util.function.Supplier;

/**
 * A value computed on first use, at most once while it succeeds: concurrent first callers wait for
 * one computation. A computation that throws leaves nothing behind, so the next call tries again
 * (a JVM-wide helper never stays broken).
 */
final class Lazy<T> {

    private final Supplier<T> supplier;
    private volatile T value;

    Lazy(Supplier<T> supplier) {
        this.supplier = supplier;
    }

    T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = supplier.get();
                    value = current;
                }
            }
        }
        return current;
    }
}
