package dev.smtptestkit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 5: N idle sessions that sent EHLO are held (by a child process), then a new client's
 * full transaction (connect, EHLO, MAIL, RCPT, 1 KiB DATA, QUIT) is timed while they are held.
 * Also reports how many were refused and how many platform threads the benchmark JVM gained.
 */
final class IdleSessions {

    private static final String SCENARIO = "5. Idle sessions";
    private static final byte[] MESSAGE = Messages.of(1024);
    private static final int PROBES = 20;

    private IdleSessions() {
    }

    static void run(Mode mode, List<Contender> contenders, Results results, int sessions, int rounds) throws Exception {
        String what = sessions + " idle";
        Results.Metric probe = results.metric(SCENARIO, "new client transaction, " + what + " held", "ms", false,
                sessions == 1000 ? "new client, 1000 idle" : null);
        Results.Metric refusedMetric = results.plain(SCENARIO, what + ": sessions not held (refused, or not tried after 5 refusals)", "count");
        Results.Metric threads = results.plain(SCENARIO, what + ": platform threads added (virtual threads not counted)", "threads");
        for (int r = 0; r < rounds; r++) {
            double[][] extra = new double[Contender.values().length][2];
            probe.round(Rounds.round(contenders, r, probe, c -> once(c, sessions, probe, extra[c.ordinal()])));
            java.util.Map<Contender, Double> refused = new java.util.EnumMap<>(Contender.class);
            java.util.Map<Contender, Double> added = new java.util.EnumMap<>(Contender.class);
            for (Contender c : contenders) {
                refused.put(c, extra[c.ordinal()][0]);
                added.put(c, extra[c.ordinal()][1]);
            }
            refusedMetric.round(refused);
            threads.round(added);
        }
    }

    private static double once(Contender contender, int sessions, Results.Metric probe, double[] extra) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        extra[0] = Double.NaN;
        extra[1] = Double.NaN;
        try (Contender.Running running = contender.start(new Contender.Options(64L * 1024 * 1024, Math.max(2000, sessions + 100)))) {
            int before = mx.getThreadCount();
            Process holder = new ProcessBuilder(javaExecutable(), "-Xss256k", "-cp", System.getProperty("java.class.path"),
                    IdleHolder.class.getName(), String.valueOf(running.port()), String.valueOf(sessions), "1000")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                String ready = out.readLine();
                if (ready == null || !ready.startsWith("READY ")) {
                    throw new IllegalStateException("idle holder said: " + ready);
                }
                String[] parts = ready.split(" ", 4);
                int held = Integer.parseInt(parts[1]);
                int refused = Integer.parseInt(parts[2]);
                extra[0] = sessions - held;
                extra[1] = mx.getThreadCount() - before;
                if (refused > 0) {
                    probe.note(contender, "held " + held + " of " + sessions + ", refused from " + parts[3]);
                }
                long[] nanos = new long[PROBES];
                for (int i = 0; i < PROBES; i++) {
                    long t0 = System.nanoTime();
                    try (SmtpClient client = SmtpClient.open(running.port(), 2000)) {
                        client.send(MESSAGE);
                        client.quit();
                    } catch (IOException e) {
                        probe.note(contender, "new client refused: " + e.getMessage());
                        return Double.NaN;
                    }
                    nanos[i] = System.nanoTime() - t0;
                }
                return Stats.medianMillis(nanos);
            } finally {
                holder.getOutputStream().close();
                if (!holder.waitFor(20, TimeUnit.SECONDS)) {
                    holder.destroyForcibly();
                }
            }
        }
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
