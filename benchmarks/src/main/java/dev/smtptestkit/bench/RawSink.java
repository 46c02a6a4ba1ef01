package dev.smtptestkit.bench;

import dev.smtptestkit.internal.net.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling: the best simple blocking Java sink. It accepts on one thread of its own, serves each
 * connection on a thread from a cached pool of platform threads, which reuses threads across
 * connections (faster here than a virtual thread per connection on Java 21+, which
 * {@code -Dbench.rawsink=virtual} selects), answers every command with a fixed reply, finds the end of data (CRLF.CRLF)
 * and discards the octets. It parses nothing and records only counts. The read buffer is 8 KiB and
 * belongs to the serving thread (reused by every connection a pooled thread serves), so a
 * connection allocates no buffer of its own on Java 17.
 */
final class RawSink implements AutoCloseable {

    private static final byte[] GREETING = ascii("220 sink ESMTP\r\n");
    private static final byte[] OK = ascii("250 OK\r\n");
    private static final byte[] GO_AHEAD = ascii("354 go ahead\r\n");
    private static final byte[] BYE = ascii("221 bye\r\n");

    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicLong octets = new AtomicLong();
    private final ExecutorService sessions;
    private volatile boolean closing;

    // A pooled thread keeps its buffer for every connection it serves.
    private static final int BUFFER_SIZE = 8192;
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[BUFFER_SIZE]);
    // Which model the ceiling uses: the cached pool, on every JVM. Measured side by side on Java 25
    // on this machine (RAW_SINK vs RAW_SINK_OTHER, benchmarks/README.md), the pool was faster than a
    // virtual thread per connection in 10 of 12 throughput cells. -Dbench.rawsink=virtual picks
    // virtual threads on Java 21+.
    private static final boolean VIRTUAL = System.getProperty("bench.rawsink", "pool").equals("virtual")
            && Threads.virtual();

    // Shared by every sink of the JVM, as a real server keeps one pool: warm threads stay warm from
    // one sink to the next. Platform threads idle for 60 s end, as in Executors.newCachedThreadPool.
    private static final class Pool {
        static final ExecutorService INSTANCE = cachedPool();
    }

    private static final class Virtual {
        static final ExecutorService INSTANCE = virtualPerTask();
    }

    private RawSink(ServerSocket listener, ExecutorService sessions) {
        this.listener = listener;
        this.sessions = sessions;
        this.acceptor = new Thread(this::acceptLoop, "raw-sink-" + listener.getLocalPort() + "-acceptor");
        this.acceptor.setDaemon(true);
    }

    private static ExecutorService virtualPerTask() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create a virtual-thread executor on this JVM", e);
        }
    }

    private static ExecutorService cachedPool() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "raw-sink-session-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The ceiling's thread model, for the results header. */
    static String threadModel() {
        return describe(VIRTUAL);
    }

    /** The other thread model (the same as the ceiling's below Java 21), for the comparison. */
    static String otherThreadModel() {
        return describe(!VIRTUAL && Threads.virtual());
    }

    private static String describe(boolean virtual) {
        return virtual ? "virtual threads" : "cached pool of platform threads";
    }

    /** The ceiling, on the faster thread model measured on this machine (see benchmarks/README.md). */
    static RawSink start() {
        return start(VIRTUAL);
    }

    /** The same sink on the other thread model (virtual threads on Java 21+; below that the same pool). */
    static RawSink startOther() {
        return start(!VIRTUAL && Threads.virtual());
    }

    private static RawSink start(boolean virtual) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(Contender.LOOPBACK), 0), 1024);
            RawSink sink = new RawSink(socket, virtual ? Virtual.INSTANCE : Pool.INSTANCE);
            sink.acceptor.start();
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    int messages() {
        return messages.get();
    }

    long octets() {
        return octets.get();
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                Socket socket = listener.accept();
                open.add(socket);
                sessions.execute(() -> serve(socket));
            } catch (IOException e) {
                if (closing) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write(GREETING);
            byte[] buf = BUFFER.get();
            int lineStart = 0;
            int lim = 0;
            boolean data = false;
            int match = 2; // the 354 reply counts as a line end
            long size = 0;
            while (true) {
                if (lim == buf.length) { // a command line longer than the buffer: drop it
                    lim = 0;
                    lineStart = 0;
                }
                int n = in.read(buf, lim, buf.length - lim);
                if (n < 0) {
                    return;
                }
                int k = lim;
                lim += n;
                while (k < lim) {
                    if (data) {
                        // find CRLF . CRLF with a five-state matcher that survives buffer boundaries
                        for (; k < lim; k++) {
                            byte b = buf[k];
                            match = b == END[match] ? match + 1 : (b == '\r' ? 1 : 0);
                            if (match == END.length) {
                                break;
                            }
                        }
                        size += k - lineStart;
                        if (match == END.length) {
                            k++;
                            data = false;
                            match = 2;
                            messages.incrementAndGet();
                            octets.addAndGet(size);
                            size = 0;
                            out.write(OK);
                        }
                        lineStart = k;
                    } else {
                        int end = -1;
                        for (; k < lim; k++) {
                            if (buf[k] == '\n' && k > lineStart && buf[k - 1] == '\r') {
                                end = k;
                                k++;
                                break;
                            }
                        }
                        if (end < 0) {
                            break;
                        }
                        byte c0 = (byte) (buf[lineStart] | 0x20);
                        byte c1 = (byte) (buf[lineStart + 1] | 0x20);
                        lineStart = k;
                        if (c0 == 'd' && c1 == 'a') {
                            data = true;
                            out.write(GO_AHEAD);
                        } else if (c0 == 'q' && c1 == 'u') {
                            out.write(BYE);
                            return;
                        } else {
                            out.write(OK);
                        }
                    }
                }
                // keep an unfinished command line, drop consumed octets
                if (data) {
                    lim = 0;
                    lineStart = 0;
                } else {
                    System.arraycopy(buf, lineStart, buf, 0, lim - lineStart);
                    lim -= lineStart;
                    lineStart = 0;
                }
            }
        } catch (IOException e) {
            // the client left or the sink is closing
        } finally {
            open.remove(socket);
        }
    }

    private static final byte[] END = ascii("\r\n.\r\n");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        closing = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
