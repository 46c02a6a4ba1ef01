package dev.smtptestkit.bench;

import java.util.List;

/**
 * Scenario 8: where one connection per message spends its time. One client, 1 KiB messages, a new
 * connection per message; each step timed apart (connect to greeting, EHLO, MAIL, RCPT, DATA, the
 * content and final dot, 20 NOOPs on the now warm connection, QUIT to 221): the median per step in microseconds per contender per round.
 */
final class Steps {

    private static final String SCENARIO = "8. One connection per message, per step (1 client, 1 KiB)";
    private static final String[] STEP = {"connect to greeting", "EHLO", "MAIL", "RCPT", "DATA", "content + dot", "QUIT",
        "NOOP x20 after the message (median)"};
    private static final byte[] MESSAGE = Messages.of(1024);

    private Steps() {
    }

    static void run(Mode mode, List<Contender> contenders, Results results) {
        Results.Metric[] metrics = new Results.Metric[STEP.length];
        for (int i = 0; i < STEP.length; i++) {
            metrics[i] = results.metric(SCENARIO, STEP[i], "µs", false, null);
        }
        int count = mode.sends();
        long millis = mode.runMillis() * 4;
        for (Contender c : contenders) {
            try {
                once(c, count, millis);
            } catch (Exception e) {
                metrics[0].note(c, "warm-up failed: " + e.getMessage());
            }
        }
        for (int r = 0; r < mode.sendRounds(); r++) {
            long[][][] byContender = new long[Contender.values().length][][];
            metrics[0].round(Rounds.round(contenders, r, metrics[0], c -> {
                long[][] nanos = once(c, count, millis);
                byContender[c.ordinal()] = nanos;
                return Stats.medianMillis(nanos[0]) * 1000;
            }));
            for (int i = 1; i < STEP.length; i++) {
                java.util.Map<Contender, Double> round = new java.util.EnumMap<>(Contender.class);
                for (Contender c : contenders) {
                    long[][] nanos = byContender[c.ordinal()];
                    round.put(c, nanos == null ? Double.NaN : Stats.medianMillis(nanos[i]) * 1000);
                }
                metrics[i].round(round);
            }
        }
    }

    /**
     * Up to {@code count} connections with one message each, fewer when {@code millis} pass first;
     * nanos[step][connection].
     */
    static long[][] once(Contender contender, int count, long millis) throws Exception {
        long[][] nanos = new long[STEP.length][count];
        int n = 0;
        long until = System.nanoTime() + millis * 1_000_000L;
        try (Contender.Running running = contender.start(Contender.Options.DEFAULTS)) {
            for (; n < count && System.nanoTime() - until < 0; n++) {
                long t0 = System.nanoTime();
                try (SmtpClient client = SmtpClient.connect(running.port(), 10_000)) {
                    client.expect(220);
                    long t1 = System.nanoTime();
                    client.command("EHLO bench.client", 250);
                    long t2 = System.nanoTime();
                    client.command("MAIL FROM:<sender@bench.test>", 250);
                    long t3 = System.nanoTime();
                    client.command("RCPT TO:<rcpt@bench.test>", 250);
                    long t4 = System.nanoTime();
                    client.command("DATA", 354);
                    long t5 = System.nanoTime();
                    client.content(MESSAGE);
                    long t6 = System.nanoTime();
                    long[] noop = new long[20];
                    for (int k = 0; k < noop.length; k++) {
                        long a = System.nanoTime();
                        client.command("NOOP", 250);
                        noop[k] = System.nanoTime() - a;
                    }
                    long t6b = System.nanoTime();
                    client.quit();
                    long t7 = System.nanoTime();
                    long[] t = {t0, t1, t2, t3, t4, t5, t6, t7};
                    for (int i = 0; i < 6; i++) {
                        nanos[i][n] = t[i + 1] - t[i];
                    }
                    nanos[6][n] = t7 - t6b;
                    java.util.Arrays.sort(noop);
                    nanos[7][n] = noop[noop.length / 2];
                }
            }
        }
        for (int i = 0; i < STEP.length; i++) {
            nanos[i] = java.util.Arrays.copyOf(nanos[i], n);
        }
        return nanos;
    }
}
