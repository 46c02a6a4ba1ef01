package dev.smtptestkit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 4: one 50 MiB message over one connection. Time from connect to the 250 after the data;
 * heap peak above the baseline (heap in use sampled every millisecond while the message travels,
 * garbage included: that is what a test JVM must have room for); retained growth (heap after a full
 * GC with the receiver still open and holding the message, minus the baseline).
 */
final class BigMessage {

    private static final String SCENARIO = "4. One 50 MiB message";
    static final int SIZE = 50 * 1024 * 1024;

    private BigMessage() {
    }

    static void run(Mode mode, List<Contender> contenders, Results results) {
        byte[] message = Messages.of(SIZE);
        Results.Metric time = results.metric(SCENARIO, "time", "ms", false, "50 MiB time");
        Results.Metric peak = results.plain(SCENARIO, "heap peak above baseline", "MB");
        Results.Metric peakRatio = results.plain(SCENARIO, "heap peak / message size", "x");
        Results.Metric retained = results.plain(SCENARIO, "retained growth", "MB");
        Results.Metric sized = results.plain(SCENARIO, "heap peak / message size, client declares SIZE (RFC 1870)", "x");
        Contender.Options options = new Contender.Options(SIZE + 1024 * 1024, 2000);
        for (Contender c : contenders) { // warm-up with a smaller message
            try (Contender.Running running = c.start(options);
                 SmtpClient client = SmtpClient.open(running.port(), 60_000)) {
                client.send(Messages.of(4 * 1024 * 1024));
                client.quit();
            } catch (Exception e) {
                time.note(c, "warm-up failed: " + e.getMessage());
            }
        }
        for (int r = 0; r < mode.bigRounds(); r++) {
            double[][] memory = new double[Contender.values().length][2];
            time.round(Rounds.round(contenders, r, time, c -> {
                memory[c.ordinal()][0] = Double.NaN;
                memory[c.ordinal()][1] = Double.NaN;
                return once(c, options, message, memory[c.ordinal()], false);
            }));
            peak.round(column(contenders, memory, 0));
            Map<Contender, Double> ratio = column(contenders, memory, 0);
            ratio.replaceAll((c, v) -> v / (SIZE / 1e6));
            peakRatio.round(ratio);
            retained.round(column(contenders, memory, 1));
            if (contenders.contains(Contender.SMTP_TESTKIT)) {
                double[] m = {Double.NaN, Double.NaN};
                try {
                    once(Contender.SMTP_TESTKIT, options, message, m, true);
                } catch (Exception e) {
                    sized.note(Contender.SMTP_TESTKIT, "failed: " + e);
                }
                sized.round(Map.of(Contender.SMTP_TESTKIT, m[0] / (SIZE / 1e6)));
            }
        }
        if (contenders.contains(Contender.POSTFIX_SINK)) {
            peak.note(Contender.POSTFIX_SINK, "a separate process: this JVM's heap is not its memory");
        }
        results.remark("50 MiB: heap in use is sampled every millisecond (garbage included) and the baseline is taken "
                + "after System.gc() with the 50 MiB client-side array already allocated; retained growth is measured "
                + "after System.gc() with the receiver still open. smtp-testkit runs with maxMessageSize 51 MiB.");
    }

    private static Map<Contender, Double> column(List<Contender> contenders, double[][] memory, int col) {
        Map<Contender, Double> m = new java.util.EnumMap<>(Contender.class);
        for (Contender c : contenders) {
            m.put(c, memory[c.ordinal()][col]);
        }
        return m;
    }

    private static double once(Contender contender, Contender.Options options, byte[] message, double[] memory,
                               boolean declareSize) throws Exception {
        MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
        try (Contender.Running running = contender.start(options)) {
            gc();
            long baseline = heap.getHeapMemoryUsage().getUsed();
            AtomicLong max = new AtomicLong(baseline);
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    max.accumulateAndGet(heap.getHeapMemoryUsage().getUsed(), Math::max);
                    LockSupport.parkNanos(1_000_000);
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long t0 = System.nanoTime();
            try (SmtpClient client = SmtpClient.open(running.port(), 120_000)) {
                client.send(message, declareSize);
                double millis = (System.nanoTime() - t0) / 1e6;
                sampling.set(false);
                sampler.join();
                max.accumulateAndGet(heap.getHeapMemoryUsage().getUsed(), Math::max);
                client.quit();
                int recorded = Throughput.awaitRecorded(running, 1);
                if (contender.records() && recorded != 1) {
                    throw new IllegalStateException("recorded " + recorded + " messages after one was acknowledged");
                }
                gc();
                memory[0] = (max.get() - baseline) / 1e6;
                memory[1] = (heap.getHeapMemoryUsage().getUsed() - baseline) / 1e6;
                return millis;
            } finally {
                sampling.set(false);
            }
        }
    }

    private static void gc() {
        System.gc();
        System.gc();
    }
}
