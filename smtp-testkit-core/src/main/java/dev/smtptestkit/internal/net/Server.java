package dev.smtptestkit.internal.net;

import dev.smtptestkit.internal.protocol.Script;
import dev.smtptestkit.internal.protocol.Session;
import dev.smtptestkit.internal.script.ScriptSource;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
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
    private final Object acceptLock = new Object();
    private final String host;
    private final int port;
    private final ThreadFactory sessionThreads;
    private boolean watched; // guarded by acceptLock
    private final Map<Connection, Thread> live = new ConcurrentHashMap<>();
    // Every session thread not yet seen dead: a connection leaves `live` a moment before its
    // thread ends, and close() must still wait for that thread.
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionCounter = new AtomicLong();
    private volatile boolean closing;

    private Server(ConnectionConfig config, Recorder recorder, ScriptSource scripts, ServerSocketChannel listener) {
        this.config = config;
        this.recorder = recorder;
        this.scripts = scripts;
        this.listener = listener;
        this.host = listener.socket().getInetAddress().getHostAddress();
        this.port = listener.socket().getLocalPort();
        this.sessionThreads = Threads.factory("smtp-testkit-" + port + "-session-");
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
        ServerSocketChannel socket = null;
        try {
            InetAddress address = InetAddress.getByName(host);
            socket = ServerSocketChannel.open();
            socket.bind(new InetSocketAddress(address, port), config.backlog());
            socket.configureBlocking(false);
        } catch (BindException e) {
            closeQuietly(socket);
            throw new IllegalStateException("Cannot bind SMTP receiver to " + host + ":" + port + ": "
                    + reason(e) + (port == 0 ? "." : ". Leave the port at 0 to get a free ephemeral port."), e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new IllegalStateException("Cannot bind SMTP receiver to " + host + ":" + port + ": " + e.getMessage(), e);
        }
        Server server = new Server(config, recorder, scripts, socket);
        // The kernel completes handshakes from bind() on; the shared acceptor only takes them.
        try {
            SharedAcceptor.register(server);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new IllegalStateException("Cannot accept connections on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return server;
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

    ServerSocketChannel channel() {
        return listener;
    }

    /** Called by {@link SharedAcceptor} for each accepted client; must not block. */
    void accepted(SocketChannel client) {
        Socket socket = client.socket();
        synchronized (acceptLock) {
            String sessionId = "s" + sessionCounter.incrementAndGet();
            InetSocketAddress address = (InetSocketAddress) socket.getRemoteSocketAddress();
            Boolean refusal = closing ? Boolean.TRUE : live.size() >= config.maxSessions() ? Boolean.FALSE : null;
            // a refused client gets no script: it is told 421 and nothing else
            Script script = refusal == null ? scripts.open(sessionId, address) : Script.NONE;
            Session session = new Session(refusal == null ? scripts.configure(config.session()) : config.session(),
                    sessionId, address, script);
            Connection[] self = new Connection[1];
            // A refused client is told so on a thread of its own like any other, so no event (and
            // no listener) runs on the acceptor that all receivers share.
            Connection connection = new Connection(socket, session, recorder, config, () -> live.remove(self[0]),
                    refusal);
            self[0] = connection;
            if (!watched) {
                watched = true; // only receivers that get clients are watched: start and close stay cheap
                TimeoutWatchdog.watch(this);
            }
            Thread thread = sessionThreads.newThread(connection);
            if (started.size() > 2 * live.size() + 64) {
                started.removeIf(t -> !t.isAlive()); // now and then, not a scan of every session per accept
            }
            started.add(thread);
            if (refusal == null) {
                live.put(connection, thread);
            }
            thread.start();
        }
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
        SharedAcceptor.deregister(this, STOP_GRACE_MILLIS);
        closeQuietly(listener);
        // A listener may call close() on one of our own threads: that thread ends after it returns.
        Thread self = Thread.currentThread();
        TimeoutWatchdog.unwatch(this);
        live.keySet().forEach(Connection::stop);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
        for (Map.Entry<Connection, Thread> entry : new ArrayList<>(live.entrySet())) {
            if (entry.getValue() != self && !join(entry.getValue(), remainingMillis(deadline))) {
                entry.getKey().forceClose(); // e.g. blocked writing to a client that never reads
            }
        }
        List<String> survivors = new ArrayList<>();
        List<Thread> all = new ArrayList<>(started);
        for (Thread t : all) {
            if (t != self && !join(t, STOP_GRACE_MILLIS)) {
                survivors.add(t.getName());
            }
        }
        if (!survivors.isEmpty()) {
            throw new IllegalStateException("SMTP receiver on " + host + ":" + port
                    + " could not stop these threads: " + survivors);
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
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
