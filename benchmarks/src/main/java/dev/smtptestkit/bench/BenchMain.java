package dev.smtptestkit.bench;

import dev.smtptestkit.internal.net.Threads;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs every scenario with the contenders interleaved per round in this JVM and writes
 * {@code results/RESULTS.md} and {@code results/ratios.png}.
 *
 * <pre>
 * java -cp ... dev.smtptestkit.bench.BenchMain quick|full [scenario,...] [CONTENDER,...]
 * </pre>
 * Scenarios: lifecycle, junit, throughput, send, steps, tls, source, big, idle (all by default). Contenders: the names of
 * {@link Contender} (all by default; keep RAW_SINK, the ratios need it).
 */
public final class BenchMain {

    private BenchMain() {
    }

    /**
     * Entry point.
     *
     * @param args the mode (quick or full), optionally a comma-separated list of scenarios, optionally
     *             a comma-separated list of contenders
     */
    public static void main(String[] args) throws Exception {
        Mode mode = Mode.parse(args.length > 0 ? args[0] : "quick");
        Set<String> only = args.length > 1 ? Set.of(args[1].split(",")) : Set.of("lifecycle", "junit", "throughput", "send", "steps", "tls", "source", "big", "idle");
        List<Contender> asked = args.length > 2
                ? Arrays.stream(args[2].split(",")).map(Contender::valueOf).collect(Collectors.toList())
                : Arrays.stream(Contender.values()).filter(c -> c != Contender.RAW_SINK_OTHER && c != Contender.SMTP_TESTKIT_BASE).collect(Collectors.toList());
        Results results = new Results();
        boolean noSink = asked.contains(Contender.POSTFIX_SINK) && !Postfix.hasSink();
        List<Contender> contenders = asked.stream().filter(c -> !noSink || c != Contender.POSTFIX_SINK)
                .collect(Collectors.toList());
        if (noSink) {
            results.remark("Postfix smtp-sink as a contender: " + Postfix.missingSink());
            System.out.println(Postfix.missingSink());
        }
        Instant started = Instant.now();
        String loadBefore = load();
        if (only.contains("lifecycle")) {
            step("lifecycle", () -> Lifecycle.run(mode, contenders, results));
        }
        if (only.contains("junit")) {
            step("junit", () -> JunitOverhead.run(mode, contenders, results));
        }
        if (only.contains("throughput")) {
            step("throughput", () -> Throughput.run(mode, contenders, results));
        }
        if (only.contains("newconn") && !only.contains("throughput")) {
            step("newconn", () -> Throughput.runNewConnection(mode, contenders, results));
        }
        if (only.contains("send")) {
            step("send", () -> TransportSend.run(mode, contenders, results));
        }
        if (only.contains("steps")) {
            step("steps", () -> Steps.run(mode, contenders, results));
        }
        if (only.contains("tls") && contenders.contains(Contender.SMTP_TESTKIT)) {
            step("tls", () -> Tls.run(mode, results));
        }
        if (only.contains("source")) {
            step("source", () -> SmtpSource.run(mode, contenders, results));
        }
        if (only.contains("big")) {
            step("big", () -> BigMessage.run(mode, contenders, results));
        }
        if (only.contains("idle")) {
            step("idle", () -> IdleSessions.run(mode, contenders, results, mode.idleSessions(),
                    Integer.getInteger("bench.rounds", mode.idleRounds())));
            if (Runtime.version().feature() >= 21 && mode.name().equals("full")) {
                // one round: GreenMail needs about 20 s to take 10,000 sessions
                step("idle 10000", () -> IdleSessions.run(mode, contenders, results, 10_000, 1));
            } else {
                results.remark("10,000 idle sessions: run only in full mode on Java 21+ (virtual threads); this run: "
                        + mode.name() + " mode on Java " + Runtime.version().feature() + ".");
            }
        }
        long seconds = started.until(Instant.now(), ChronoUnit.SECONDS);
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.out", "results")));
        String title = "smtp-testkit vs peers, " + mode.name() + " mode: times slower than the raw sink (lower is better)";
        results.writeMarkdown(dir.resolve("RESULTS.md"), header(mode, started, seconds, loadBefore), contenders);
        Chart.write(dir.resolve("ratios.png"), results, contenders, title);
        System.out.println("wrote " + dir.toAbsolutePath().resolve("RESULTS.md") + " and ratios.png in " + seconds + " s");
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void step(String name, Step step) throws Exception {
        long t0 = System.nanoTime();
        System.out.println("== " + name);
        step.run();
        System.out.printf(Locale.ROOT, "== %s done in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    }

    private static String header(Mode mode, Instant started, long seconds, String loadBefore) {
        return "# Benchmark results (" + mode.name() + " mode)\n\n"
                + "Generated by `benchmarks/run.sh " + mode.name() + "` (see benchmarks/README.md). "
                + (mode.name().equals("quick")
                        ? "**Quick mode: few rounds; treat the numbers as indicative only.** " : "")
                + "Every contender runs in the same JVM with the same client; contenders are interleaved "
                + "within each round (order rotated per round) and each ratio is taken to the raw sink "
                + "of the same round. Median and spread (min - max) over rounds.\n\n"
                + "| | |\n|---|---|\n"
                + "| started | " + started.truncatedTo(ChronoUnit.SECONDS) + " |\n"
                + "| duration | " + seconds + " s |\n"
                + "| JVM | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", " + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X")).collect(Collectors.joining(" ")) + " |\n"
                + "| sessions on | " + (Threads.virtual() ? "virtual threads" : "platform threads") + " (raw sink: " + RawSink.threadModel() + ") |\n"
                + "| CPU | " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible |\n"
                + "| OS | " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " |\n"
                + "| load average before / after | " + loadBefore + " / " + load() + " |\n";
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String load() {
        try {
            return Arrays.stream(Files.readString(Path.of("/proc/loadavg")).split(" ")).limit(3)
                    .collect(Collectors.joining(" "));
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
