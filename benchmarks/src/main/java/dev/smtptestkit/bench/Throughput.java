package dev.smtptestkit.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 3: K concurrent clients (K = 1, 8, 64), 1 KiB and 100 KiB messages, many messages per
 * connection ("reused") and one connection per message ("new conn"). Every run starts a fresh
 * contender; afterwards its recorded count must equal the number of 250 replies the clients got.
 */
final class Throughput {

    private static final String SCENARIO = "3. Throughput";
    private static final int[] CLIENTS = {1, 8, 64};
    private static final int[] SIZES = {1024, 100 * 1024};

    private Throughput() {
    }

    /** What one run yielded. */
    record Outcome(int acked, int failed, int recorded, double seconds) {
    }

    static void run(Mode mode, List<Contender> contenders, Results results) throws Exception {
        for (int size : SIZES) {
            byte[] message = Messages.of(size);
            for (boolean reuse : new boolean[] {true, false}) {
                for (int k : CLIENTS) {
                    int total = messages(mode, size, reuse, k);
                    String label = (size == 1024 ? "1 KiB" : "100 KiB") + ", K=" + k + ", " + (reuse ? "reused" : "new conn");
                    String chart = size == 1024 && k <= 8 && !reuse ? "1 KiB K=" + k + " new conn"
                            : k == 8 && reuse ? (size == 1024 ? "1 KiB K=8 reused" : "100 KiB K=8 reused") : null;
                    Results.Metric rate = results.metric(SCENARIO, label + ", messages", "msg/s", true, chart);
                    Results.Metric mb = results.metric(SCENARIO, label + ", volume", "MB/s", true, null);
                    int rounds = size == 1024 && k <= 8 && !reuse ? mode.targetRounds() : mode.throughputRounds();
                    cell(contenders, message, reuse, k, total, rounds, mode.runMillis(), rate, mb);
                }
            }
        }
    }

    /**
     * Only the 1 KiB one-connection-per-message cells with 1 and 8 clients (scenario {@code newconn}),
     * for profiling and for comparing two builds quickly; the rounds are {@code bench.rounds} when set,
     * the clients {@code bench.clients} (for example {@code 1,8,64}), the size in KiB {@code bench.kib}.
     */
    static void runNewConnection(Mode mode, List<Contender> contenders, Results results) throws Exception {
        int kib = Integer.getInteger("bench.kib", 1);
        byte[] message = Messages.of(kib * 1024);
        int rounds = Integer.getInteger("bench.rounds", mode.targetRounds());
        int[] clients = java.util.Arrays.stream(System.getProperty("bench.clients", "1,8").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        for (int k : clients) {
            int total = messages(mode, kib * 1024, false, k);
            String label = kib + " KiB, K=" + k + ", new conn";
            Results.Metric rate = results.metric(SCENARIO, label + ", messages", "msg/s", true,
                    kib == 1 && k <= 8 ? "1 KiB K=" + k + " new conn" : null);
            Results.Metric mb = results.metric(SCENARIO, label + ", volume", "MB/s", true, null);
            cell(contenders, message, false, k, total, rounds, mode.runMillis(), rate, mb);
        }
    }

    // How many messages a run of one cell sends: a whole number per client.
    private static int messages(Mode mode, int size, boolean reuse, int k) {
        int total = size == 1024 ? mode.smallMessages() : mode.largeMessages();
        if (!reuse) {
            total = Math.max(k, total / 4); // a connection per message costs more: fewer messages
        }
        return Math.max(k, total / k * k);
    }

    private static void cell(List<Contender> contenders, byte[] message, boolean reuse, int k, int total, int rounds,
                             long runMillis, Results.Metric rate, Results.Metric mb) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(k);
        try {
            for (Contender c : contenders) { // warm-up, a tenth of the work, not recorded
                try {
                    once(c, pool, message, reuse, k, Math.max(k, total / 10 / k * k), runMillis / 2);
                } catch (Exception e) {
                    rate.note(c, "warm-up failed: " + e.getMessage());
                }
            }
            for (int r = 0; r < rounds; r++) {
                Map<Contender, Double> volumes = new EnumMap<>(Contender.class);
                rate.round(Rounds.round(contenders, r, rate, c -> {
                    volumes.put(c, Double.NaN);
                    Outcome o = once(c, pool, message, reuse, k, total, runMillis);
                    if (o.failed() > 0) {
                        rate.note(c, o.failed() + " messages failed in a round");
                    }
                    if (!c.records()) {
                        rate.note(c, "records nothing: no loss check");
                    } else if (o.recorded() != o.acked()) {
                        rate.note(c, "MISMATCH (loss if fewer): recorded " + o.recorded() + ", acknowledged " + o.acked());
                    }
                    volumes.put(c, o.acked() * (double) message.length / o.seconds() / 1e6);
                    return o.acked() / o.seconds();
                }));
                mb.round(volumes);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * One run on a fresh contender: {@code total} messages spread over {@code k} clients, or fewer
     * when {@code millis} pass first (each client checks before each message), so a slow contender
     * cannot stretch the run; the rate counts what was acknowledged in the time taken.
     */
    static Outcome once(Contender contender, ExecutorService pool, byte[] message, boolean reuse, int k, int total,
                        long millis) throws Exception {
        try (Contender.Running running = contender.start(Contender.Options.DEFAULTS)) {
            AtomicInteger acked = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
            int each = total / k;
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    if (reuse) {
                        sendReused(running.port(), message, each, deadline.get(), acked, failed);
                    } else {
                        sendEach(running.port(), message, each, deadline.get(), acked, failed);
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            deadline.set(t0 + millis * 1_000_000L);
            go.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            int recorded = awaitRecorded(running, acked.get());
            return new Outcome(acked.get(), failed.get(), recorded, seconds);
        }
    }

    private static void sendReused(int port, byte[] message, int count, long deadline, AtomicInteger acked,
                                   AtomicInteger failed) {
        int sent = 0;
        try (SmtpClient client = SmtpClient.open(port, 10_000)) {
            for (; sent < count && System.nanoTime() - deadline < 0; sent++) {
                client.send(message);
                acked.incrementAndGet();
            }
            client.quit();
        } catch (Exception e) {
            failed.incrementAndGet();
        }
    }

    private static void sendEach(int port, byte[] message, int count, long deadline, AtomicInteger acked,
                                 AtomicInteger failed) {
        for (int i = 0; i < count && System.nanoTime() - deadline < 0; i++) {
            boolean done = false;
            try (SmtpClient client = SmtpClient.open(port, 10_000)) {
                client.send(message);
                acked.incrementAndGet();
                done = true;
                client.quit();
            } catch (Exception e) {
                if (!done) {
                    failed.incrementAndGet();
                }
            }
        }
    }

    /**
     * The recorded count once it reaches {@code acked}, or what it is after 2 seconds: a receiver
     * that records after it replies gets that long to catch up before a difference counts as loss.
     */
    static int awaitRecorded(Contender.Running running, int acked) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int recorded = running.recordedCount();
        while (recorded >= 0 && recorded < acked && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            recorded = running.recordedCount();
        }
        return recorded;
    }
}
