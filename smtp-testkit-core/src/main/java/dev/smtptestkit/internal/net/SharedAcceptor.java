package dev.smtptestkit.internal.net;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One JVM-wide thread that accepts connections for every receiver, through a selector. A receiver
 * per test then costs a bind and a close, not the start and join of an accept thread of its own.
 * The thread ends by itself after a while with no receiver to serve, and starts again on demand.
 */
final class SharedAcceptor {

    private static final long LINGER_MILLIS = 5_000;
    private static final Object LOCK = new Object();
    private static final Queue<Server> JOINING = new ConcurrentLinkedQueue<>();
    private static final Map<Server, CountDownLatch> LEAVING = new ConcurrentHashMap<>();
    private static Selector selector; // guarded by LOCK
    private static Thread thread; // guarded by LOCK

    private SharedAcceptor() {
    }

    /** Starts accepting for a server whose channel is bound and non-blocking. */
    static void register(Server server) throws IOException {
        synchronized (LOCK) {
            if (thread == null) {
                selector = Selector.open();
                Selector mine = selector;
                thread = new Thread(() -> loop(mine), "smtp-testkit-acceptor");
                thread.setDaemon(true);
                thread.start();
            }
            JOINING.add(server);
            selector.wakeup();
        }
    }

    /**
     * Stops accepting for a server and returns once the selector has let go of its channel, so the
     * channel's close releases the port at once.
     */
    static void deregister(Server server, long timeoutMillis) {
        CountDownLatch done = new CountDownLatch(1);
        synchronized (LOCK) {
            if (thread == null) {
                return;
            }
            LEAVING.put(server, done);
            selector.wakeup();
            if (Thread.currentThread() == thread) {
                return; // called from a listener on this thread: the loop finishes it after we return
            }
        }
        try {
            done.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void loop(Selector sel) {
        long idleSince = System.nanoTime();
        try {
            while (true) {
                sel.select(LINGER_MILLIS);
                joinPending(sel);
                acceptSelected(sel);
                if (!LEAVING.isEmpty()) {
                    leave(sel);
                }
                if (!sel.keys().isEmpty()) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS)) {
                    synchronized (LOCK) {
                        if (JOINING.isEmpty() && LEAVING.isEmpty()) {
                            thread = null;
                            selector = null;
                            sel.close();
                            return;
                        }
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            synchronized (LOCK) {
                if (selector == sel) {
                    thread = null;
                    selector = null;
                }
            }
        }
    }

    private static void joinPending(Selector sel) {
        for (Server server; (server = JOINING.poll()) != null; ) {
            try {
                server.channel().register(sel, SelectionKey.OP_ACCEPT, server);
            } catch (IOException | RuntimeException e) {
                // closed before it could be registered: nothing to accept
            }
        }
    }

    private static void acceptSelected(Selector sel) {
        for (Iterator<SelectionKey> it = sel.selectedKeys().iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            if (key.isValid() && key.isAcceptable()) {
                acceptAll(key);
            }
        }
    }

    private static void acceptAll(SelectionKey key) {
        Server server = (Server) key.attachment();
        ServerSocketChannel channel = (ServerSocketChannel) key.channel();
        while (true) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException e) {
                return; // closed, or a client that reset before we took it
            }
            if (client == null) {
                return;
            }
            try {
                server.accepted(client);
            } catch (RuntimeException | Error e) {
                // one receiver's failure must not stop the others from accepting
                try {
                    client.close();
                } catch (IOException ignored) {
                    // nothing more to do
                }
                if (e instanceof VirtualMachineError vme) {
                    throw vme;
                }
            }
        }
    }

    // A cancelled key is dropped by the next selection; after that, closing the channel frees the
    // port at once (a registered channel would keep its socket open until then).
    private static void leave(Selector sel) throws IOException {
        for (Map.Entry<Server, CountDownLatch> entry : LEAVING.entrySet()) {
            SelectionKey key = entry.getKey().channel().keyFor(sel);
            if (key != null) {
                key.cancel();
            }
            JOINING.remove(entry.getKey());
        }
        sel.selectNow();
        acceptSelected(sel); // other receivers' clients that arrived meanwhile
        for (Iterator<Map.Entry<Server, CountDownLatch>> it = LEAVING.entrySet().iterator(); it.hasNext(); ) {
            it.next().getValue().countDown();
            it.remove();
        }
    }
}
