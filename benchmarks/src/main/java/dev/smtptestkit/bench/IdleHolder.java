package dev.smtptestkit.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A child process that holds idle sessions: it opens {@code count} connections to a port (32 at a
 * time), reads each greeting and sends EHLO, prints {@code READY <held> <refused> <first error>},
 * then keeps the connections until its standard input closes. A separate process, so the client
 * sockets do not count against the benchmark JVM's open-file limit. After five refusals it stops
 * trying (Dumbster serves one session at a time; waiting out every timeout would take hours).
 */
public final class IdleHolder {

    private static final int PARALLEL = 32;
    private static final int GIVE_UP_AFTER = 5;

    private IdleHolder() {
    }

    /**
     * Entry point.
     *
     * @param args port, count, timeout in milliseconds
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        int timeout = Integer.parseInt(args[2]);
        List<SmtpClient> held = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>("-");
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        for (int t = 0; t < PARALLEL; t++) {
            pool.execute(() -> {
                int i;
                while (refused.get() < GIVE_UP_AFTER && (i = next.getAndIncrement()) < count) {
                    try {
                        held.add(SmtpClient.open(port, timeout));
                    } catch (IOException e) {
                        refused.incrementAndGet();
                        firstError.compareAndSet("-", "session " + (i + 1) + ": " + e.getClass().getSimpleName()
                                + ": " + e.getMessage());
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
            pool.shutdownNow();
        }
        System.out.println("READY " + held.size() + " " + refused.get() + " " + firstError.get().replace('\n', ' '));
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold until the parent closes our input
        }
        for (SmtpClient c : held) {
            c.close();
        }
    }
}
