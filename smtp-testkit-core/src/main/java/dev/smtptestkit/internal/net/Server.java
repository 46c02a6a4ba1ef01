package dev.smtptestkit.internal.net;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.protocol.Replies;
import dev.smtptestkit.internal.protocol.Reply;
import dev.smtptestkit.internal.protocol.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
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
    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final ThreadFactory sessionThreads;
    private final Thread acceptor;
    private boolean watched; // accept thread only
    private final Map<Connection, Thread> live = new ConcurrentHashMap<>();
    // Every session thread not yet seen dead: a connection leaves `live` a moment before its
    // thread ends, and close() must still wait for that thread.
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionCounter = new AtomicLong();
    private volatile boolean closing;

    private Server(ConnectionConfig config, Recorder recorder, ServerSocket listener) {
        this.config = config;
        this.recorder = recorder;
        this.listener = listener;
        this.host = listener.getInetAddress().getHostAddress();
        this.port = listener.getLocalPort();
        this.sessionThreads = Threads.factory("smtp-testkit-" + port + "-session-");
        this.acceptor = Threads.factory("smtp-testkit-" + port + "-accept-").newThread(this::acceptLoop);
    }

    /**
     * Binds and starts accepting.
     *
     * @throws IllegalStateException naming {@code host:port} when the address cannot be bound
     */
    public static Server start(String host, int port, ConnectionConfig config, Recorder recorder) {
        ServerSocket socket = null;
        try {
            InetAddress address = InetAddress.getByName(host);
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(address, port), config.backlog());
        } catch (BindException e) {
            closeQuietly(socket);
            throw new IllegalStateException("Cannot bind SMTP receiver to " + host + ":" + port + ": "
                    + reason(e) + (port == 0 ? "." : ". Leave the port at 0 to get a free ephemeral port."), e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new IllegalStateException("Cannot bind SMTP receiver to " + host + ":" + port + ": " + e.getMessage(), e);
        }
        Server server = new Server(config, recorder, socket);
        // The socket accepts (the kernel completes handshakes) from bind() on; the thread only takes them.
        server.acceptor.start();
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
     * For {@link WriteWatchdog}: ends connections whose write has been blocked past the idle
     * timeout, and reads that outlived their deadline.
     *
     * @return false once this server is closing and needs no more watching
     */
    boolean closeBlockedWriters(long nowNanos) {
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

    /** For {@link WriteWatchdog}: how often this server's connections need a look. */
    long watchPeriodMillis() {
        return Math.max(5, Math.min(250, config.idleTimeout().toMillis() / 20));
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closing || listener.isClosed()) {
                    return;
                }
                continue; // a failed accept (e.g. the client reset first) does not stop the receiver
            }
            String sessionId = "s" + sessionCounter.incrementAndGet();
            InetSocketAddress client = (InetSocketAddress) socket.getRemoteSocketAddress();
            recorder.event(new SmtpEvent.ClientConnected(Instant.now(), sessionId, client));
            if (closing || live.size() >= config.maxSessions()) {
                refuse(socket, sessionId, closing ? Replies.shuttingDown() : Replies.tooManySessions(config.maxSessions()));
                continue;
            }
            Session session = new Session(config.session(), sessionId, client);
            Connection[] self = new Connection[1];
            Connection connection = new Connection(socket, session, recorder, config, () -> live.remove(self[0]));
            self[0] = connection;
            if (!watched) {
                watched = true; // only receivers that get clients are watched: start and close stay cheap
                WriteWatchdog.watch(this);
            }
            Thread thread = sessionThreads.newThread(connection);
            started.removeIf(t -> !t.isAlive());
            started.add(thread);
            live.put(connection, thread);
            thread.start();
            if (closing) {
                connection.stop();
            }
        }
    }

    // RFC 5321 3.8: a server that cannot take the session answers 421 and closes. No enhanced code:
    // there was no EHLO (RFC 2034 section 3).
    private void refuse(Socket socket, String sessionId, Reply full) {
        Reply reply = full.withoutEnhancedCode();
        Instant now = Instant.now();
        try (socket) {
            OutputStream out = socket.getOutputStream();
            out.write(reply.wireBytes());
            out.flush();
        } catch (IOException ignored) {
            // the client left already
        }
        recorder.transcript(sessionId, new Transcript.Line(now, Transcript.Direction.SERVER, reply.wire().strip()));
        recorder.event(new SmtpEvent.ClientDisconnected(Instant.now(), sessionId,
                closing ? DisconnectReason.SERVER_STOPPED : DisconnectReason.LIMIT_EXCEEDED,
                closing ? "" : "more than " + config.maxSessions() + " concurrent sessions"));
    }

    /**
     * Stops accepting, ends every session (each client gets 421) and waits for every thread.
     *
     * @throws IllegalStateException when a thread is still alive after the grace period
     */
    public void close() {
        closing = true;
        closeQuietly(listener);
        // A listener may call close() on one of our own threads: that thread ends after it returns.
        Thread self = Thread.currentThread();
        if (acceptor != self) {
            join(acceptor, STOP_GRACE_MILLIS);
        }
        WriteWatchdog.unwatch(this); // after the acceptor: it may have just registered us
        live.keySet().forEach(Connection::stop);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
        for (Map.Entry<Connection, Thread> entry : new ArrayList<>(live.entrySet())) {
            if (entry.getValue() != self && !join(entry.getValue(), remainingMillis(deadline))) {
                entry.getKey().forceClose(); // e.g. blocked writing to a client that never reads
            }
        }
        List<String> survivors = new ArrayList<>();
        List<Thread> all = new ArrayList<>(started);
        all.add(acceptor);
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

    private static void closeQuietly(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
