package dev.smtptestkit.bench;

import java.util.List;

/**
 * Scenario 7: Postfix's load generator as the client. {@code smtp-source -s 8 -m N -l 1024}: eight
 * parallel sessions, one connection per message; the time for all N (lower is better). Skipped with
 * a notice when smtp-source is not installed.
 */
final class SmtpSource {

    private static final String SCENARIO = "7. Postfix smtp-source (8 sessions, one connection per message)";
    private static final int SESSIONS = 8;
    private static final int LENGTH = 1024;

    private SmtpSource() {
    }

    static void run(Mode mode, List<Contender> contenders, Results results) {
        if (!Postfix.hasSource()) {
            results.remark(Postfix.missingSource());
            System.out.println("  " + Postfix.missingSource());
            return;
        }
        int messages = mode.sourceMessages();
        Results.Metric time = results.metric(SCENARIO, "smtp-source -s " + SESSIONS + " -m " + messages + " -l " + LENGTH,
                "ms", false, "smtp-source -s 8");
        for (Contender c : contenders) { // warm-up, a tenth of the work
            try {
                once(c, messages / 10);
            } catch (Exception e) {
                time.note(c, "warm-up failed: " + e.getMessage());
            }
        }
        for (int r = 0; r < mode.sourceRounds(); r++) {
            time.round(Rounds.round(contenders, r, time, c -> once(c, messages)));
        }
    }

    static double once(Contender contender, int messages) throws Exception {
        try (Contender.Running running = contender.start(Contender.Options.DEFAULTS)) {
            long nanos = Postfix.source(running.port(), SESSIONS, messages, LENGTH);
            if (contender.records() && Throughput.awaitRecorded(running, messages) != messages) {
                throw new IllegalStateException(contender.label() + " recorded " + running.recordedCount()
                        + " of " + messages + " messages smtp-source sent");
            }
            return nanos / 1e6;
        }
    }
}
