package dev.smtptestkit.internal.net;

import dev.smtptestkit.internal.auth.CramMd5;
import dev.smtptestkit.internal.protocol.Script;
import dev.smtptestkit.internal.protocol.Session;
import java.security.SecureRandom;
import dev.smtptestkit.internal.script.ScriptSource;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The listening socket, the accept loop and the set of live connections. Binding happens in
 * {@link #start} on the caller's thread, so a busy port fails at once; {@link #close} returns only
 * when every thread it started has ended.
 */
public final class Server {

    private static final long STOP_GRACE_MILLIS = 2_000;

    private final ConnectionConfig config;
    private final Recorder recorder;
    private final ScriptSource scripts;
    private final ServerSocketChannel listener;
    // Optional second port for implicit TLS (RFC 8314) next to STARTTLS on the first: the same
    // sessions, limits and ids; only the connection's config differs. Null when there is none.
    private final ServerSocketChannel implicitListener;
    private final ConnectionConfig implicitConfig;
    private final int implicitPort;
    private final Object acceptLock = new Object();
    private final String host;
    private final int port;
    private final SessionThreads sessionThreads;
    private final Map<Connection, Thread> live = new ConcurrentHashMap<>();
    // Connections whose session is over but whose socket lingers until the client closes too
    // (see Connection): close() cuts them short. A connection enters this set before it leaves
    // `live` and before it reads `closing`, so close(), which sets `closing` first, finds every
    // connection that may linger in one or the other.
    private final Set<Connection> lingering = ConcurrentHashMap.newKeySet();
    private final Connection.Ends ends = new Connection.Ends() {
        @Override
        public boolean ended(Connection connection, boolean lingers) {
            if (lingers) {
                lingering.add(connection);
            }
            live.remove(connection);
            return !closing;
        }

        @Override
        public void closed(Connection connection) {
            lingering.remove(connection);
        }
    };
    // The threads close() must wait for: a connection leaves `live` a moment before its thread is
    // done with it. Reused threads (see SessionThreads) leave this set when their session is over,
    // and `started` is told (notifyAll); other threads stay until seen dead, and are joined.
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionCounter = new AtomicLong();
    private volatile boolean closing;

    private Server(ConnectionConfig config, Recorder recorder, ScriptSource scripts, ServerSocketChannel listener,
                   ServerSocketChannel implicitListener, ConnectionConfig implicitConfig) {
        this.config = config;
        this.recorder = recorder;
        this.scripts = scripts;
        this.listener = listener;
        this.implicitListener = implicitListener;
        this.implicitConfig = implicitConfig;
        this.implicitPort = implicitListener == null ? -1 : implicitListener.socket().getLocalPort();
        this.host = listener.socket().getInetAddress().getHostAddress();
        this.port = listener.socket().getLocalPort();
        this.sessionThreads = SessionThreads.forReceiver("smtp-testkit-" + port + "-session-");
    }

    /**
     * Binds and starts accepting.
     *
     * @throws IllegalStateException naming {@code host:port} when the address cannot be bound
     */
    public static Server start(String host, int port, ConnectionConfig config, Recorder recorder) {
        return start(host, port, config, recorder, ScriptSource.NONE);
    }

    /**
     * Binds and starts accepting; each session asks {@code scripts} for its script.
     *
     * @throws IllegalStateException naming {@code host:port} when the address cannot be bound
     */
    public static Server start(String host, int port, ConnectionConfig config, Recorder recorder,
                               ScriptSource scripts) {
        return start(host, port, config, recorder, scripts, -1, null);
    }

    /**
     * Binds and starts accepting, and with {@code implicitConfig} also on a second port whose
     * connections use it (implicit TLS next to STARTTLS); one set of sessions for both.
     *
     * @param implicitPort   the second port (0: ephemeral), ignored without {@code implicitConfig}
     * @param implicitConfig the second port's connection config, or null for one port only
     * @throws IllegalStateException naming {@code host:port} when an address cannot be bound
     */
    public static Server start(String host, int port, ConnectionConfig config, Recorder recorder,
                               ScriptSource scripts, int implicitPort, ConnectionConfig implicitConfig) {
        ServerSocketChannel socket = bind(host, port, config.backlog(), null);
        ServerSocketChannel second = implicitConfig == null ? null : bind(host, implicitPort, config.backlog(), socket);
        Server server = new Server(config, recorder, scripts, socket, second, implicitConfig);
        // The kernel completes handshakes from bind() on; the shared acceptor only takes them.
        try {
            SharedAcceptor.register(server);
        } catch (IOException e) {
            closeQuietly(socket);
            closeQuietly(second);
            throw new IllegalStateException("Cannot accept connections on " + host + ":" + port + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeQuietly(socket); // e.g. no acceptor thread to be had: the port is not left bound
            closeQuietly(second);
            throw e;
        }
        return server;
    }

    // `bound`: a listener already bound, closed when this one cannot be
    private static ServerSocketChannel bind(String host, int port, int backlog, ServerSocketChannel bound) {
        ServerSocketChannel socket = null;
        try {
            InetAddress address = InetAddress.getByName(host);
            socket = ServerSocketChannel.open();
            socket.bind(new InetSocketAddress(address, port), backlog);
            socket.configureBlocking(false);
            return socket;
        } catch (BindException e) {
            closeQuietly(socket);
            closeQuietly(bound);
            throw new IllegalStateException("Cannot bind SMTP receiver to " + host + ":" + port + ": "
                    + reason(e) + (port == 0 ? "." : ". Leave the port at 0 to get a free ephemeral port."), e);
        } catch (IOException e) {
            closeQuietly(socket);
            closeQuietly(bound);
            throw new IllegalStateException("Cannot bind SMTP receiver to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static String reason(BindException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("in use") ? "address already in use" : e.getMessage();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The second port (implicit TLS), or -1 when there is none. */
    public int implicitPort() {
        return implicitPort;
    }

    public int activeSessions() {
        return live.size();
    }

    /**
     * For {@link TimeoutWatchdog}: ends connections whose write has been blocked past the idle
     * timeout, and reads that outlived their deadline.
     *
     * @return false once this server is closing and needs no more watching
     */
    boolean enforceTimeouts(long nowNanos) {
        if (closing) {
            return false;
        }
        long limit = config.idleTimeout().toNanos();
        for (Connection c : live.keySet()) {
            c.closeIfWriteBlocked(nowNanos, limit);
            c.endReadIfOverdue(nowNanos);
        }
        return true;
    }

    /** For {@link TimeoutWatchdog}: how often this server's connections need a look. */
    long watchPeriodMillis() {
        return Math.max(5, Math.min(250, config.idleTimeout().toMillis() / 20));
    }

    /** The listening channels: the port, and the implicit TLS port if there is one. */
    List<ServerSocketChannel> channels() {
        return implicitListener == null ? List.of(listener) : List.of(listener, implicitListener);
    }

    // RFC 2195 2: a fresh, unpredictable challenge per CRAM-MD5 exchange (on the session's thread).
    // One generator for the JVM, made on the first exchange: a SecureRandom per receiver cost every
    // start about 0.1 ms (provider look-up and seeding), for a mechanism few tests use.
    private static final class Challenges {
        static final SecureRandom RANDOM = new SecureRandom(); // thread-safe
    }

    private String challenge() {
        return CramMd5.challenge(Challenges.RANDOM.nextLong(), System.currentTimeMillis(), config.session().serverName());
    }

    /**
     * Called by {@link SharedAcceptor} for each accepted client, on the thread every receiver in
     * the JVM shares: it must not block and runs no user code (no recorder, no listener). The
     * client is served, or refused, on a thread of this receiver's own factory, the one path
     * whatever the client is told (the session decides the reply); only when no thread can be had
     * is it answered here, with one non-blocking write of 421 and a close. On Java 17-20 that
     * thread can be the calling one, once it has handed accepting over to a waiting thread
     * ({@link SessionThreads#run}): the session runs after this returns, outside the accept loop.
     *
     * @return null when the client got its thread, else why it did not
     */
    Throwable accepted(SocketChannel client, ServerSocketChannel from) {
        ConnectionConfig used = from == implicitListener && implicitListener != null ? implicitConfig : config;
        Connection connection = null;
        Thread thread = null;
        Thread[] chosen = new Thread[1];
        // While this receiver runs fewer sessions than there are CPUs, a waiting thread takes over
        // accepting and this one serves the client (leader/follower), or a waiting thread is woken
        // first so its wake-up overlaps what follows: with more, the CPUs are likely busy (see
        // SessionThreads.reserve).
        SessionThreads.Reserved early = closing ? null : sessionThreads.reserve(live.size() < CPUS);
        try {
            synchronized (acceptLock) {
                String sessionId = "s" + sessionCounter.incrementAndGet();
                Socket socket = client.socket();
                InetSocketAddress address = (InetSocketAddress) socket.getRemoteSocketAddress();
                Boolean refusal = closing ? Boolean.TRUE : live.size() >= config.maxSessions() ? Boolean.FALSE : null;
                // a refused client gets no script: it is told 421 and nothing else
                Script script = refusal == null ? scripts.open(sessionId, address) : Script.NONE;
                Session session = new Session(refusal == null ? scripts.configure(used.session()) : used.session(),
                        sessionId, address, script, this::challenge);
                connection = new Connection(socket, session, recorder, used, ends, refusal);
                if (refusal == null) {
                    // only receivers that get clients are watched: start and close stay cheap; asked
                    // each time, so a watchdog that had to be restarted watches us again
                    TimeoutWatchdog.watch(this);
                }
                if (!sessionThreads.reuses() && started.size() > 2 * live.size() + 64) {
                    started.removeIf(t -> !t.isAlive()); // now and then, not a scan of every session per accept
                }
                Connection c = connection;
                // live and tracked before the thread can run it, so its end always finds it there
                thread = sessionThreads.run(early, connection, t -> {
                    chosen[0] = t;
                    started.add(t);
                    if (refusal == null) {
                        live.put(c, t);
                    }
                }, sessionThreads.reuses() ? over : NOTHING);
            }
            return null;
        } catch (Throwable e) {
            if (thread == null) {
                sessionThreads.release(early);
            }
            if (connection != null) {
                live.remove(connection);
            }
            if (thread == null && chosen[0] != null) {
                // not handed the session: a new thread that could not start, a waiting one given
                // back, or this one (it goes on accepting)
                started.remove(chosen[0]);
            }
            answerWithoutThread(client);
            return e;
        }
    }

    private static final Runnable NOTHING = () -> { };
    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    private final Runnable over = this::sessionOver;

    // On a reused thread, once its session (or refusal) is over and the thread tidied.
    private void sessionOver() {
        started.remove(Thread.currentThread());
        synchronized (started) {
            started.notifyAll(); // close() may be waiting
        }
    }

    // RFC 5321 3.8: 421 and close; no enhanced code before EHLO (RFC 2034 3). Built once, so this
    // path allocates next to nothing when the heap is what is exhausted.
    private static final byte[] CANNOT_START = Session.cannotStartWire();

    // On the shared acceptor: one write that cannot block (a fresh socket's send buffer holds far
    // more than one reply line), then close.
    private static void answerWithoutThread(SocketChannel client) {
        try (client) {
            client.configureBlocking(false);
            client.write(ByteBuffer.wrap(CANNOT_START));
        } catch (IOException | RuntimeException | Error ignored) {
            // the client left, or not even this could be done: the close is what matters
        }
    }

    /** Whether the calling thread is one this server started (a session or a refusal). */
    public boolean ownsCurrentThread() {
        return started.contains(Thread.currentThread());
    }

    /**
     * Stops accepting, ends every session (each client gets 421) and waits for every thread.
     *
     * @throws IllegalStateException when a thread is still alive after the grace period
     */
    public void close() {
        synchronized (acceptLock) {
            closing = true; // from here on no session starts
        }
        // no thread of ours running (no session, no refusal): the caller may spin for the acceptor
        SharedAcceptor.deregister(this, STOP_GRACE_MILLIS, started.isEmpty());
        closeQuietly(listener);
        closeQuietly(implicitListener);
        // A listener may call close() on one of our own threads: that thread ends after it returns.
        Thread self = Thread.currentThread();
        TimeoutWatchdog.unwatch(this);
        live.keySet().forEach(Connection::stop);
        lingering.forEach(Connection::forceClose); // after `live`: see `lingering`
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
        for (Map.Entry<Connection, Thread> entry : new ArrayList<>(live.entrySet())) {
            if (entry.getValue() != self && !awaitEnd(entry.getValue(), remainingMillis(deadline))) {
                entry.getKey().forceClose(); // e.g. blocked writing to a client that never reads
            }
        }
        List<Thread> running = new ArrayList<>();
        for (Thread t : new ArrayList<>(started)) {
            // self: a listener of ours closing us, whose session goes on after this
            if (t == self || !awaitEnd(t, STOP_GRACE_MILLIS)) {
                running.add(t);
            }
        }
        // the waiting threads that served this receiver last are named idle: none is left named
        // after the port (but those still running)
        sessionThreads.forget(running);
        List<String> survivors = running.stream().filter(t -> t != self).map(Thread::getName).toList();
        if (!survivors.isEmpty()) {
            throw new IllegalStateException("SMTP receiver on " + host + ":" + port
                    + " could not stop these threads: " + survivors);
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    // Until the thread is done with this server: its session is over (a reused thread) or it ended.
    private boolean awaitEnd(Thread thread, long millis) {
        if (!sessionThreads.reuses()) {
            return join(thread, millis);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (started) {
            while (started.contains(thread)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    started.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return !started.contains(thread);
                }
            }
        }
        return true;
    }

    private static boolean join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private static void closeQuietly(ServerSocketChannel socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
