package dev.smtptestkit;

import dev.smtptestkit.internal.net.Server;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How a {@link SmtpReceiver} ends: the first caller from outside ends the server on its own thread
 * and gets its failure; a call from one of the receiver's own threads (a listener, a session) hands
 * the work to a closer thread, since it cannot wait for the thread it runs on; every later caller
 * from outside waits until the receiver is closed.
 */
final class ReceiverShutdown {
    private static final System.Logger LOG = System.getLogger(SmtpReceiver.class.getName());

    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Runnable stopped; // tells the listeners ServerStopped
    private volatile Thread closer;

    ReceiverShutdown(Runnable stopped) {
        this.stopped = stopped;
    }

    /** A receiver that was never started: closed at once. */
    void neverStarted() {
        closed.countDown();
    }

    /**
     * From one of the receiver's own threads: a closer thread ends the server.
     *
     * @return false when no thread could be had (then the caller ends the server itself, as before)
     */
    boolean startCloser(Server running, int port) {
        try {
            Thread t = new Thread(() -> {
                end(running, false);
                RuntimeException e = failure.get();
                if (e != null) {
                    LOG.log(System.Logger.Level.WARNING, "close() called from a listener: " + e.getMessage(), e);
                }
            }, "smtp-testkit-" + port + "-closer");
            t.setDaemon(true);
            t.start();
            closer = t;
            return true;
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    /** Ends the server on the caller's thread and rethrows its failure, if any. */
    void endNow(Server running) {
        end(running, true);
    }

    private void end(Server running, boolean rethrow) {
        try {
            running.close();
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            stopped.run();
            closed.countDown();
        }
        if (rethrow) {
            RuntimeException e = failure.getAndSet(null);
            if (e != null) {
                throw e;
            }
        }
    }

    /** Another caller is closing: waits for it and for the closer thread, if there is one. */
    void awaitClosed() {
        boolean interrupted = false;
        while (true) {
            try {
                closed.await();
                Thread t = closer;
                if (t != null) {
                    t.join();
                }
                break;
            } catch (InterruptedException e) {
                interrupted = true; // close() returns only once the receiver is closed
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        RuntimeException e = failure.getAndSet(null);
        if (e != null) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
