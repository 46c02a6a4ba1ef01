package dev.smtptestkit.internal.net;

import dev.smtptestkit.internal.content.ScratchBlocks;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The session threads of one receiver. On Java 17-20 (platform threads) a thread whose session
 * ended waits a while for the next session of any receiver in the JVM instead of ending, so one
 * connection per message (the way {@code Transport.send} works) and the first session of a fresh
 * receiver (one receiver per test) do not pay a thread start ({@code pthread_create}) and a thread
 * end each; on Java 21+ every session gets a new virtual thread, which costs next to nothing.
 *
 * <p>A waiting thread belongs to no receiver. It gets the receiver's name
 * ({@code smtp-testkit-PORT-session-N}) for each session, given by the accepting thread, and keeps
 * it while it waits afterwards, until its next session (of any receiver) names it again or that
 * receiver closes ({@link #forget}), which names it {@value #IDLE_NAME}: a thread that renames
 * itself calls into the OS to rename the native thread too ({@code prctl}, about 5 µs a session
 * here), a rename by another thread does not. It runs one session at a time, so a listener that
 * blocks holds up only its own session; between sessions its interrupt status, priority, context
 * class loader and uncaught-exception handler are put back, and its name if the session changed it
 * (thread-locals a listener set are not: a thread pool's usual terms). A thread whose session ends
 * with a {@link VirtualMachineError} ends too. {@link #run}'s {@code ended} callback runs after that
 * tidying.
 *
 * <p>When the thread that accepts for every receiver ({@link SharedAcceptor}) is one of these
 * workers, a thread waits, and the receiver runs fewer sessions than there are CPUs (see
 * {@link #reserve}), {@link #run} is leader/follower: the waiting thread takes over
 * accepting, and the accepting thread serves the session itself once it has left the accept loop,
 * so the client's greeting waits for no other thread's wake-up. A thread that stops accepting
 * (handed over, or no receiver left for a while) then waits for sessions like the others.
 *
 * <p>New threads come from the receiver's factory, which is also the refusal path when no thread
 * can be had (the start throws). A receiver built with a factory other than the default (a test
 * seam whose threads cannot start) takes no waiting thread, so its factory is asked every time.
 */
final class SessionThreads {

    /** The name of a platform thread that waits for its next session. */
    static final String IDLE_NAME = "smtp-testkit-session-idle";

    // How long a platform thread waits for the next session before it ends: long enough to carry
    // a test class's sessions from one to the next, short enough that a quiet JVM holds no threads
    // for long.
    private static final long KEEP_NANOS = TimeUnit.SECONDS.toNanos(10);
    // JVM-wide: the platform threads waiting for a session, the most recent first (its stack is warm).
    private static final Object LOCK = new Object();
    private static final ArrayDeque<Worker> IDLE = new ArrayDeque<>(); // guarded by LOCK
    // The worker whose thread accepts for every receiver (SharedAcceptor), or did last; set by
    // that thread when it hands accepting over, and when a new acceptor thread starts.
    private static volatile Worker acceptorWorker;

    private final ThreadFactory factory;
    private final boolean reuse;
    private final String prefix;
    private final AtomicLong names = new AtomicLong();
    // The waiting or reserved threads that still carry this receiver's name. Guarded by LOCK, as is
    // every rename of a reused thread, so forget() cannot miss one or undo another receiver's name.
    private final Set<Worker> named = new HashSet<>();

    /**
     * The session threads of a receiver whose threads are named {@code prefix + n}: platform threads
     * (Java 17-20) are reused, also across receivers; virtual ones are not, nor are the threads of
     * a test seam's factory ({@link Threads#sessionFactories}).
     */
    static SessionThreads forReceiver(String prefix) {
        return new SessionThreads(Threads.sessionFactory(prefix), !Threads.virtual() && Threads.defaultSessionFactories(),
                prefix);
    }

    /**
     * @param factory makes new threads
     * @param reuse   whether threads wait for the next session (platform threads, default factory)
     * @param prefix  the name of a thread that runs one of this receiver's sessions, before its number
     */
    SessionThreads(ThreadFactory factory, boolean reuse, String prefix) {
        this.factory = factory;
        this.reuse = reuse;
        this.prefix = prefix;
    }

    /**
     * Starts the thread of the shared acceptor, named {@code name}: on Java 17-20 a worker that,
     * once it has handed accepting over (see {@link #run}) or lingered out, serves sessions like any
     * other waiting thread; on Java 21+ (virtual sessions) a thread that ends with {@code loop}.
     *
     * @throws OutOfMemoryError (or any Throwable) when the thread cannot start
     */
    static Thread startAcceptor(Runnable loop, String name) {
        Worker worker = new Worker(new Job(loop, NOTHING), !Threads.virtual());
        Thread thread = new Thread(worker, name);
        thread.setDaemon(true);
        worker.thread = thread;
        worker.name = name;
        thread.start();
        acceptorWorker = worker;
        return thread;
    }

    /** Whether threads wait for the next session (then a receiver waits for sessions, not threads). */
    boolean reuses() {
        return reuse;
    }

    /**
     * Takes a waiting thread, if there is one. When the CPUs are likely idle ({@code quiet}) the
     * session's start is made shorter: called by the thread that accepts, the taken thread is to
     * take over accepting, so that the caller can serve the session itself (see {@link #run});
     * called by any other thread, the taken thread is woken at once, so its wake-up (tens of µs when
     * its CPU had gone idle) overlaps the making of the session it is about to get. Hand it that
     * session with {@link #run(Reserved, Runnable, Consumer, Runnable)}, or give it back with
     * {@link #release}.
     *
     * @param quiet whether the CPUs are likely idle (the caller's receiver runs fewer sessions than
     *              there are CPUs). When they are busy, a thread woken before its session is ready
     *              waits again and is woken a second time, and a thread that is to take over
     *              accepting waits for a CPU before the next client can be accepted (measured,
     *              64 clients each opening a connection per message, 1 KiB: 0.85x against 0.91x
     *              of the ceiling, 16 rounds), so neither is done then
     * @return the thread taken, or null when none waits (or threads are not reused)
     */
    Reserved reserve(boolean quiet) {
        if (!reuse) {
            return null;
        }
        Worker waiting;
        synchronized (LOCK) {
            waiting = IDLE.pollFirst();
        }
        if (waiting == null) {
            return null;
        }
        boolean here = quiet && servesHere();
        if (quiet && !here) {
            LockSupport.unpark(waiting.thread); // it finds no session yet and waits again, awake
        }
        return new Reserved(waiting, here);
    }

    /** Gives a reserved thread back unused (making the session failed): it waits for another one. */
    void release(Reserved reserved) {
        if (reserved != null) {
            reserved.worker.next = new Job(NOTHING, NOTHING); // tidied, then waiting again
            LockSupport.unpark(reserved.worker.thread);
        }
    }

    /**
     * Runs {@code task} on the reserved thread, or on a new one when {@code reserved} is null; or,
     * called by the thread that accepts with a thread reserved, hands accepting over to the
     * reserved thread and runs {@code task} on the calling thread once its accept loop returns;
     * {@code starting} is told which thread before the task can begin, {@code ended} runs on that
     * thread once the task is over (however it ended). When this throws, a reserved thread was not
     * handed the task: the caller gives it back with {@link #release} (once).
     *
     * @return the thread that runs it
     * @throws OutOfMemoryError (or any Throwable) when a new thread is needed and cannot start
     */
    Thread run(Reserved reserved, Runnable task, Consumer<Thread> starting, Runnable ended) {
        Job job = new Job(task, ended);
        if (reserved != null && reserved.here && servesHere()) {
            return serveHere(reserved.worker, job, starting);
        }
        if (reserved != null) {
            Worker waiting = reserved.worker;
            Thread thread = waiting.thread;
            synchronized (LOCK) {
                name(waiting, prefix + names.incrementAndGet());
            }
            starting.accept(thread);
            waiting.next = job;
            LockSupport.unpark(thread);
            return thread;
        }
        Worker worker = new Worker(job, reuse);
        Thread thread = factory.newThread(worker);
        if (thread == null) {
            throw new IllegalStateException("the session thread factory returned no thread");
        }
        worker.thread = thread;
        if (reuse) {
            synchronized (LOCK) {
                name(worker, prefix + names.incrementAndGet()); // one numbering for new and reused threads
            }
        }
        starting.accept(thread);
        thread.start(); // OutOfMemoryError when pthread_create fails (EAGAIN)
        return thread;
    }

    // Whether the calling thread accepts for every receiver and is a worker that can serve a
    // session afterwards (Java 17-20): then it serves the client itself (see serveHere).
    private static boolean servesHere() {
        Worker acceptor = acceptorWorker;
        return acceptor != null && acceptor.thread == Thread.currentThread() && SharedAcceptor.accepting();
    }

    /*
     * Leader/follower: the thread that accepted the client serves it, and the reserved thread takes
     * over accepting. Handing the session to the reserved thread instead costs the client that
     * thread's wake-up before its greeting (measured on 2-core machines: 14 - 19 µs of hand-off,
     * and about 65 µs from connect to greeting); the follower's wake-up now overlaps the session.
     * No user code runs while a thread accepts: it hands over accepting before it serves, and a
     * thread only takes over accepting while it waits for work, between sessions (tidied).
     *
     * Everything that can fail is done first; the hand-over itself allocates nothing, so a failure
     * leaves this thread accepting and the reserved one for the caller to release.
     */
    private Thread serveHere(Worker follower, Job job, Consumer<Thread> starting) {
        Worker self = acceptorWorker;
        Thread thread = self.thread;
        Job accept = new Job(SharedAcceptor.carryOn(), NOTHING);
        String name = prefix + names.incrementAndGet();
        starting.accept(thread); // the caller undoes it when this throws
        synchronized (LOCK) {
            named.add(self); // may throw (OutOfMemoryError) before anything is changed
            if (!SharedAcceptor.handOver(follower.thread)) { // lock order: this LOCK, then SharedAcceptor's
                named.remove(self); // cannot happen: only this thread hands accepting on
                throw new IllegalStateException("accepting was handed over by another thread");
            }
            self.owner = this;
            self.name = name;
            follower.disown();
            follower.name = SharedAcceptor.THREAD_NAME;
            follower.thread.setName(SharedAcceptor.THREAD_NAME); // another thread's: no call into the OS
        }
        acceptorWorker = follower;
        self.next = job; // taken once this thread has left the accept loop (Worker.await)
        follower.next = accept;
        LockSupport.unpark(follower.thread);
        thread.setName(name); // its own: the OS is told too (prctl), after the follower's wake-up
        return thread;
    }

    // Under LOCK: the worker's thread takes this receiver's name for its next session. Called on
    // the accepting thread, so the JVM renames no native thread.
    private void name(Worker worker, String name) {
        if (worker.owner != null) {
            worker.owner.named.remove(worker);
        }
        worker.owner = this;
        worker.name = name;
        named.add(worker);
        worker.thread.setName(name);
    }

    /**
     * The receiver is closed: every reused thread that still carries its name (its last session
     * was one of this receiver's, and it has had no other since) is named {@value #IDLE_NAME}, so
     * no thread is left named after the port, except those in {@code running}.
     *
     * @param running threads whose session of this receiver did not end (close() names them in
     *                its error); they keep the name
     */
    void forget(Collection<Thread> running) {
        synchronized (LOCK) {
            for (Iterator<Worker> it = named.iterator(); it.hasNext(); ) {
                Worker worker = it.next();
                if (!running.contains(worker.thread)) {
                    it.remove();
                    worker.owner = null;
                    worker.thread.setName(IDLE_NAME);
                }
            }
        }
    }

    private static final Runnable NOTHING = () -> { };

    /** A waiting thread taken for a session that is still being made. */
    static final class Reserved {
        private final Worker worker;
        private final boolean here; // to take over accepting, for the caller to serve the session

        private Reserved(Worker worker, boolean here) {
            this.worker = worker;
            this.here = here;
        }
    }

    /** A session and what to do once it is over. */
    private record Job(Runnable task, Runnable ended) {
    }

    // Static: a thread that serves many receivers keeps no reference to the first one's state
    // (only to the threads of the receiver whose name it carries, until that one closes).
    private static final class Worker implements Runnable {
        private final boolean reuse;
        private Job first; // taken (and cleared) by run()
        private volatile Thread thread;
        private volatile Job next;
        private ClassLoader loader;
        // Under LOCK: the receiver whose name the thread carries (null: none), and that name.
        private SessionThreads owner;
        private String name;

        Worker(Job first, boolean reuse) {
            this.first = first;
            this.reuse = reuse;
        }

        @Override
        public void run() {
            loader = Thread.currentThread().getContextClassLoader();
            if (reuse) {
                ScratchBlocks.keepOnThisThread(); // its sessions' buffers, from one to the next
            }
            Job job = first;
            first = null;
            while (job != null) {
                runOne(job);
                // Nothing of a session that is over stays reachable from its thread while the thread
                // waits or serves other receivers: the job is a connection, and through it a
                // receiver whose mailbox must be collectable once that receiver is closed.
                job = null;
                if (reuse) {
                    job = await();
                }
            }
        }

        private void runOne(Job job) {
            boolean tidy = false;
            try {
                job.task().run();
                tidy = reuse;
            } finally {
                // A Throwable out of a session (Connection rethrows VirtualMachineErrors) ends the
                // thread as it did without reuse; the receiver learns of the end either way.
                if (tidy) {
                    tidy();
                }
                job.ended().run();
            }
        }

        // What a session's user code may have changed on its thread, put back before the next one.
        private void tidy() {
            Thread self = Thread.currentThread();
            Thread.interrupted(); // a listener's leftover interrupt must not turn the wait into a spin
            // renamed by the session's own code, or no longer accepting (lingered out): the idle
            // name, and no receiver's (rare: a rename of the thread itself costs a call into the OS)
            if (!self.getName().equals(name) || SharedAcceptor.THREAD_NAME.equals(name)) {
                synchronized (LOCK) {
                    disown();
                    name = IDLE_NAME;
                }
                self.setName(IDLE_NAME);
            }
            // set only when changed: setPriority is a call into the VM even when it changes nothing
            if (self.getPriority() != Thread.NORM_PRIORITY) {
                self.setPriority(Thread.NORM_PRIORITY);
            }
            if (self.getContextClassLoader() != loader) {
                self.setContextClassLoader(loader);
            }
            self.setUncaughtExceptionHandler(null);
        }

        // Under LOCK: the thread carries no receiver's name any more.
        private void disown() {
            if (owner != null) {
                owner.named.remove(this);
                owner = null;
            }
        }

        // Waits for the next session; null when none came in time.
        private Job await() {
            Job ready = next;
            if (ready != null) { // handed over accepting to serve the client it took (serveHere)
                next = null;
                return ready;
            }
            synchronized (LOCK) {
                IDLE.addFirst(this);
            }
            long until = System.nanoTime() + KEEP_NANOS;
            while (true) {
                Job job = next;
                if (job != null) {
                    next = null;
                    return job;
                }
                long left = until - System.nanoTime();
                boolean over = left <= 0;
                synchronized (LOCK) {
                    if (over && IDLE.remove(this)) {
                        disown(); // the thread ends
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
