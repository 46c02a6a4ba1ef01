package dev.smtptestkit.bench;

import java.util.List;

/**
 * Scenario 1: what a receiver per test costs. Start + close of a fresh receiver on an ephemeral
 * port; and start + one 1 KiB message over a new connection + close.
 */
final class Lifecycle {

    private static final String SCENARIO = "1. Lifecycle (per operation)";
    private static final byte[] MESSAGE = Messages.of(1024);
    private static final int WARM_UP = 3_000;

    private Lifecycle() {
    }

    static void run(Mode mode, List<Contender> contenders, Results results) {
        Results.Metric startClose = results.metric(SCENARIO, "start + close", "ms", false, "start+close");
        Results.Metric oneMessage = results.metric(SCENARIO, "start + 1 KiB message + close", "ms", false,
                "start+1 msg+close");
        // Warm-up, not recorded: up to WARM_UP operations of each kind or twice the mode's run time
        // per contender, so the JIT has compiled the receivers' paths and is done compiling before
        // the rounds begin. A path run once per receiver (start, accept, greeting, close) reaches
        // C2 only after thousands of runs: with 300, as here before 2026-12-02, the compiler
        // threads took 47 % of the CPU in the first 2,000 operations, and the rounds measured the
        // JIT as much as the receivers (benchmarks/README.md, "Warm-up").
        for (Contender c : contenders) {
            try {
                long until = System.nanoTime() + mode.runMillis() * 2_000_000L;
                for (int i = 0; i < WARM_UP && System.nanoTime() - until < 0; i++) {
                    once(c, false);
                    once(c, true);
                }
            } catch (Exception e) {
                startClose.note(c, "warm-up failed: " + e);
            }
        }
        for (int r = 0; r < mode.lifecycleRounds(); r++) {
            startClose.round(Rounds.round(contenders, r, startClose, c -> measure(c, mode.lifecycleOps(), false)));
            oneMessage.round(Rounds.round(contenders, r, oneMessage, c -> measure(c, mode.lifecycleOps(), true)));
        }
    }

    /** The median of {@code ops} operations, in milliseconds. */
    static double measure(Contender contender, int ops, boolean send) throws Exception {
        long[] nanos = new long[ops];
        for (int i = 0; i < ops; i++) {
            nanos[i] = once(contender, send);
        }
        return Stats.medianMillis(nanos);
    }

    /** One operation; the count check happens outside the timed parts. */
    static long once(Contender contender, boolean send) throws Exception {
        long t0 = System.nanoTime();
        Contender.Running running = contender.start(Contender.Options.DEFAULTS);
        long elapsed;
        try {
            if (send) {
                try (SmtpClient client = SmtpClient.open(running.port(), 10_000)) {
                    client.send(MESSAGE);
                    client.quit();
                }
            }
            elapsed = System.nanoTime() - t0;
            if (send && contender.records() && running.recordedCount() != 1) {
                throw new IllegalStateException(contender.label() + " recorded " + running.recordedCount()
                        + " messages after one was acknowledged");
            }
        } catch (Exception | Error e) {
            running.close();
            throw e;
        }
        long c0 = System.nanoTime();
        running.close();
        return elapsed + System.nanoTime() - c0;
    }
}
