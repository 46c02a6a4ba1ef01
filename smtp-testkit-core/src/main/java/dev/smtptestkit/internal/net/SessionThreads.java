package dev.smtptestkit.internal.net;

import java.util.ArrayDeque;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The session threads of one receiver. On Java 17-20 (platform threads) a thread whose session
 * ended waits a while for the next one instead of ending, so one connection per message, the way
 * {@code Transport.send} works, does not pay a thread start ({@code pthread_create}) and a thread
 * end per message; on Java 21+ every session gets a new virtual thread, which costs next to
 * nothing. Either way each thread comes from the receiver's factory, so its name and the
 * refusal path when no thread can be had (the start throws) stay as they were.
 *
 * <p>{@link #shutdown()} ends every waiting thread at once and makes every thread that finishes a
 * session end, so a receiver's {@code close()} can join each thread it ever started.
 */
final class SessionThreads {

    // How long a platform thread waits for the next session before it ends: long enough to
    // carry a test's messages from one to the next, short enough that a quiet receiver holds
    // no threads for long.
    private static final long KEEP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ThreadFactory factory;
    private final boolean reuse;
    private final Object lock = new Object();
    private final ArrayDeque<Worker> idle = new ArrayDeque<>(); // guarded by lock
    private boolean shutdown; // guarded by lock

    SessionThreads(ThreadFactory factory, boolean reuse) {
        this.factory = factory;
        this.reuse = reuse;
    }

    /**
     * Runs {@code task} on a waiting thread or on a new one; {@code starting} is told which thread
     * before the task can begin.
     *
     * @return the thread that runs it
     * @throws OutOfMemoryError (or any Throwable) when a new thread is needed and cannot start
     */
    Thread run(Runnable task, Consumer<Thread> starting) {
        if (reuse) {
            Worker waiting;
            synchronized (lock) {
                waiting = shutdown ? null : idle.pollFirst(); // the most recent: its stack is warm
            }
            if (waiting != null) {
                starting.accept(waiting.thread);
                waiting.next = task;
                LockSupport.unpark(waiting.thread);
                return waiting.thread;
            }
        }
        Worker worker = new Worker(task);
        Thread thread = factory.newThread(worker);
        if (thread == null) {
            throw new IllegalStateException("the session thread factory returned no thread");
        }
        worker.thread = thread;
        starting.accept(thread);
        thread.start(); // OutOfMemoryError when pthread_create fails (EAGAIN)
        return thread;
    }

    /** Ends every waiting thread now and every busy one once its session ends. */
    void shutdown() {
        Worker[] waiting;
        synchronized (lock) {
            shutdown = true;
            waiting = idle.toArray(new Worker[0]); // each leaves the set itself when it wakes
        }
        for (Worker w : waiting) {
            LockSupport.unpark(w.thread);
        }
    }

    private final class Worker implements Runnable {
        private final Runnable first;
        private volatile Thread thread;
        private volatile Runnable next;

        Worker(Runnable first) {
            this.first = first;
        }

        @Override
        public void run() {
            // A Throwable out of a session (Connection rethrows VirtualMachineErrors) ends the
            // thread as it did without reuse: it does not wait for another session.
            for (Runnable task = first; task != null; task = reuse ? await() : null) {
                task.run();
            }
        }

        // Waits for the next session; null when the receiver shuts down or none came in time.
        private Runnable await() {
            Thread.interrupted(); // a listener's leftover interrupt must not turn the wait into a spin
            synchronized (lock) {
                if (shutdown) {
                    return null;
                }
                idle.addFirst(this);
            }
            long until = System.nanoTime() + KEEP_NANOS;
            while (true) {
                Runnable task = next;
                if (task != null) {
                    next = null;
                    return task;
                }
                long left = until - System.nanoTime();
                boolean over = left <= 0;
                synchronized (lock) {
                    over |= shutdown;
                    if (over && idle.remove(this)) {
                        return null;
                    }
                    // not in the set any more: run() took this thread and is handing it a session
                }
                if (over) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, left);
                }
            }
        }
    }
}
