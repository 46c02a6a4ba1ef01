package dev.smtptestkit.internal.net;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Test access to the internal seam of {@link Threads} (same package name, so it reaches what is
 * package-private). Nothing here fakes the network: the sockets stay real, only a thread fails to
 * start, with the {@link OutOfMemoryError} the JVM throws when {@code pthread_create} fails.
 */
public final class SharedThreadsSeam {

    /** The text Java 17 gives when the operating system refuses a new thread. */
    public static final String NO_NATIVE_THREAD =
            "unable to create native thread: possibly out of memory or process/resource limits reached";

    private SharedThreadsSeam() {
    }

    /** Puts the previous factory back. */
    public interface Restore {
        /** Puts the previous factory back. */
        void restore();
    }

    /**
     * Until restored, receivers that start get a session thread factory whose
     * first {@code failures} threads cannot be had: odd ones fail in {@code newThread}, even ones
     * in {@code start()}. Call {@link Restore#restore()} right after starting the receiver; the receiver keeps
     * the factory it got.
     */
    public static Restore failingSessionThreads(int failures) {
        Function<String, ThreadFactory> previous = Threads.sessionFactories;
        AtomicInteger calls = new AtomicInteger();
        Threads.sessionFactories = prefix -> {
            ThreadFactory real = previous.apply(prefix);
            return task -> {
                int call = calls.incrementAndGet();
                if (call > failures) {
                    return real.newThread(task);
                }
                if (call % 2 == 1) {
                    throw new OutOfMemoryError(NO_NATIVE_THREAD);
                }
                return new Thread(task, prefix + "unstartable") {
                    @Override
                    public synchronized void start() {
                        throw new OutOfMemoryError(NO_NATIVE_THREAD);
                    }
                };
            };
        };
        return () -> Threads.sessionFactories = previous;
    }
}
