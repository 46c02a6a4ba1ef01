package dev.smtptestkit.internal.net;

import dev.smtptestkit.SmtpReceiver;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM for the heap test (the test starts it with a small {@code -Xmx}): it runs a receiver
 * with a 1 s idle timeout, and on command fills its heap and keeps it full for two seconds, so the
 * shared acceptor and watchdog meet real {@link OutOfMemoryError}s, then lets it go (as
 * {@code Mailbox.clear()} would).
 *
 * <p>Commands on stdin, answers on stdout: {@code fill} ("full" once the heap is full, then
 * "freed" when it is free again), {@code start} (a second receiver: "port N"), {@code counts}
 * ("counts acceptor watchdog": failures the shared threads survived, -1 when not counted),
 * {@code quit} ("bye").
 */
public final class HeapExhaustion {

    private static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(2);

    private HeapExhaustion() {
    }

    /**
     * Runs the child.
     *
     * @param args none
     * @throws Exception on any failure, which ends the child with a stack trace on stderr
     */
    public static void main(String[] args) throws Exception {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<SmtpReceiver> receivers = new ArrayList<>();
        try {
            receivers.add(SmtpReceiver.builder().idleTimeout(Duration.ofSeconds(1)).start());
            session(receivers.get(0).port()); // from now on the watchdog watches this receiver
            System.out.println("port " + receivers.get(0).port());
            for (String command; (command = commands.readLine()) != null; ) {
                if (command.equals("fill")) {
                    fillAndHold();
                    System.out.println("freed");
                } else if (command.equals("start")) {
                    receivers.add(SmtpReceiver.builder().idleTimeout(Duration.ofSeconds(1)).start());
                    System.out.println("port " + receivers.get(receivers.size() - 1).port());
                } else if (command.equals("counts")) {
                    System.out.println("counts " + (count("SharedAcceptor", "LOOP_FAILURES")
                            + count("SharedAcceptor", "ACCEPT_FAILURES") + count("SharedAcceptor", "SESSION_FAILURES"))
                            + " " + count("TimeoutWatchdog", "FAILURES"));
                } else if (command.equals("quit")) {
                    break;
                }
            }
        } finally {
            for (SmtpReceiver receiver : receivers) {
                receiver.close();
            }
        }
        System.out.println("bye");
    }

    /** One session that sends QUIT and reads until the receiver closes; also loads what a session needs. */
    static void session(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (in.read() >= 0) {
                // greeting and 221 until the receiver closes
            }
        }
    }

    // Said while the heap is full: encoded before, written straight to the descriptor (no PrintStream,
    // no encoder), and tried again while the write itself cannot get memory, so this thread never
    // falls silent because of the very OutOfMemoryError the test provokes.
    private static final byte[] FULL = "full\n".getBytes(StandardCharsets.US_ASCII);
    private static final FileOutputStream STDOUT = new FileOutputStream(FileDescriptor.out);

    private static void say(byte[] line) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                STDOUT.write(line);
                return;
            } catch (OutOfMemoryError | IOException e) {
                if (System.nanoTime() - until > 0) {
                    throw new IllegalStateException("could not say " + line.length + " octets", e);
                }
                LockSupport.parkNanos(1_000_000); // a retry pace while others let memory go
            }
        }
    }

    private static void fillAndHold() {
        List<Object> heap = new ArrayList<>();
        fill(heap, 64 * 1024);
        System.out.flush(); // nothing of System.out may come after what say() writes
        say(FULL);
        long start = System.nanoTime();
        while (System.nanoTime() - start < HOLD_NANOS) {
            fill(heap, 256); // whatever others let go of is taken again at once
            LockSupport.parkNanos(1_000_000);
        }
        heap.clear();
        heap = null;
        System.gc();
    }

    private static void fill(List<Object> heap, int chunk) {
        try {
            while (true) {
                heap.add(new byte[chunk]);
            }
        } catch (OutOfMemoryError full) {
            // that is the point
        }
    }

    // Read reflectively, so the same child also runs against a build without the counts (-1).
    private static long count(String type, String field) {
        try {
            Field f = Class.forName("dev.smtptestkit.internal.net." + type).getDeclaredField(field);
            Object backoff = f.get(null);
            Method failures = backoff.getClass().getDeclaredMethod("failures");
            return (Long) failures.invoke(backoff);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }
}
