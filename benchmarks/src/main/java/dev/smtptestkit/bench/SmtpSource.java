package dev.smtptestkit.bench;

import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 7: Postfix's load generator as the client. {@code smtp-source -s 8 -m N -l 1024}: eight
 * parallel sessions, one connection per message; the time for all N (lower is better), and the
 * CPU this JVM spent per message meanwhile (for the contenders in it). Skipped with a notice when
 * smtp-source is not installed.
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
        Results.Metric cpu = results.metric(SCENARIO, "CPU of this JVM per message (smtp-source itself not counted)",
                "µs", false, null);
        Map<Contender, Double> cpuRound = new EnumMap<>(Contender.class);
        for (Contender c : contenders) { // warm-up, a tenth of the work (its CPU is cleared below)
            try {
                once(c, messages / 10, cpuRound);
            } catch (Exception e) {
                time.note(c, "warm-up failed: " + e.getMessage());
            }
        }
        int rounds = Integer.getInteger("bench.rounds", mode.sourceRounds()); // set: to compare two builds
        for (int r = 0; r < rounds; r++) {
            cpuRound.clear();
            time.round(Rounds.round(contenders, r, time, c -> once(c, messages, cpuRound)));
            cpu.round(cpuRound);
        }
    }

    // The time for all messages; the CPU this JVM spent meanwhile (every thread: sessions,
    // acceptor, collector, compiler, and the harness waiting for smtp-source) goes into cpu, per
    // message, NaN where it cannot be read.
    private static double once(Contender contender, int messages, Map<Contender, Double> cpu) throws Exception {
        try (Contender.Running running = contender.start(Contender.Options.DEFAULTS)) {
            long cpu0 = processCpuNanos();
            long nanos = Postfix.source(running.port(), SESSIONS, messages, LENGTH);
            long cpu1 = processCpuNanos();
            if (contender.records()) { // not smtp-sink: a separate process, its CPU is not this JVM's
                cpu.put(contender, cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e3 / messages);
            }
            if (contender.records() && Throughput.awaitRecorded(running, messages) != messages) {
                throw new IllegalStateException(contender.label() + " recorded " + running.recordedCount()
                        + " of " + messages + " messages smtp-source sent");
            }
            return nanos / 1e6;
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
