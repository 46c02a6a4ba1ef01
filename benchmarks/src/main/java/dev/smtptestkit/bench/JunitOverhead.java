package dev.smtptestkit.bench;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Scenario 2: a generated class of N tests, each with a fresh receiver that receives one message
 * through Angus Mail, run through the JUnit Platform launcher; total wall time. smtp-testkit vs
 * GreenMail's GreenMailExtension (per-method lifecycle), with the raw sink as the ceiling.
 */
final class JunitOverhead {

    /** How the generated class of smtp-testkit gets its receiver: the product's own annotation. */
    static final String OURS_ANNOTATION = "@dev.smtptestkit.junit.SmtpServer";

    private static final String SCENARIO = "2. JUnit overhead (generated class, launcher)";
    private static final List<Contender> TAKING_PART = List.of(Contender.RAW_SINK, Contender.SMTP_TESTKIT, Contender.GREENMAIL);

    private JunitOverhead() {
    }

    static void run(Mode mode, List<Contender> contenders, Results results) throws Exception {
        List<Contender> taking = new ArrayList<>(TAKING_PART);
        taking.retainAll(contenders);
        Path dir = Files.createTempDirectory("bench-junit");
        Map<Contender, Class<?>> full = new EnumMap<>(Contender.class);
        Map<Contender, Class<?>> warm = new EnumMap<>(Contender.class);
        try (URLClassLoader loader = compile(dir, taking, mode.junitTests())) {
            for (Contender c : taking) {
                full.put(c, loader.loadClass("benchgen." + className(c, mode.junitTests())));
                warm.put(c, loader.loadClass("benchgen." + className(c, 20)));
            }
            Results.Metric wall = results.metric(SCENARIO, mode.junitTests() + " tests, wall time", "ms", false,
                    "JUnit class of " + mode.junitTests());
            Results.Metric perTest = results.metric(SCENARIO, "per test", "ms", false, null);
            Results.Metric speedUp = results.plain(SCENARIO, "GreenMail time / this contender's time, per round", "x");
            for (Contender c : taking) {
                execute(warm.get(c), 20);
            }
            for (int r = 0; r < mode.junitRounds(); r++) {
                Map<Contender, Double> round = Rounds.round(taking, r, wall, c -> execute(full.get(c), mode.junitTests()));
                wall.round(round);
                Map<Contender, Double> each = new EnumMap<>(Contender.class);
                round.forEach((c, v) -> each.put(c, v / mode.junitTests()));
                perTest.round(each);
                Map<Contender, Double> faster = new EnumMap<>(Contender.class);
                Double greenMail = round.get(Contender.GREENMAIL);
                round.forEach((c, v) -> faster.put(c, greenMail == null ? Double.NaN : greenMail / v));
                speedUp.round(faster);
            }
        }
        results.remark("JUnit overhead: smtp-testkit runs with @SmtpServer (a fresh receiver per test, "
                + "SmtpReceiver injected); GreenMail with GreenMailExtension, per-method lifecycle.");
    }

    /** Runs a class through the launcher; the wall time in ms, or an exception when a test failed. */
    private static double execute(Class<?> testClass, int expected) {
        Launcher launcher = LauncherFactory.create();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(testClass.getClassLoader());
        long t0 = System.nanoTime();
        try {
            launcher.execute(request, listener);
        } finally {
            thread.setContextClassLoader(previous);
        }
        double millis = (System.nanoTime() - t0) / 1e6;
        TestExecutionSummary summary = listener.getSummary();
        if (summary.getTestsSucceededCount() != expected) {
            Throwable first = summary.getFailures().isEmpty() ? null : summary.getFailures().get(0).getException();
            throw new IllegalStateException(testClass.getSimpleName() + ": " + summary.getTestsSucceededCount() + " of "
                    + expected + " tests passed; first failure: " + first);
        }
        return millis;
    }

    private static String className(Contender c, int tests) {
        return c.name().replace("_", "") + tests + "Test";
    }

    private static URLClassLoader compile(Path dir, List<Contender> contenders, int tests) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/benchgen"));
        Path out = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-proc:none", "-nowarn", "-d", out.toString(), "-classpath",
                System.getProperty("java.class.path")));
        for (Contender c : contenders) {
            for (int n : new int[] {20, tests}) {
                Path file = src.resolve(className(c, n) + ".java");
                Files.writeString(file, source(c, n), StandardCharsets.UTF_8);
                args.add(file.toString());
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null || javac.run(null, null, System.err, args.toArray(new String[0])) != 0) {
            throw new IllegalStateException("could not compile the generated test classes (a JDK is needed)");
        }
        return new URLClassLoader(new URL[] {out.toUri().toURL()}, JunitOverhead.class.getClassLoader());
    }

    /** The generated class: one receiver per test, one message through Angus Mail, one check. */
    static String source(Contender c, int tests) {
        StringBuilder s = new StringBuilder("package benchgen;\n\n");
        String head;
        String param;
        String port;
        String count;
        switch (c) {
            case SMTP_TESTKIT:
                head = OURS_ANNOTATION + "\nclass " + className(c, tests) + " {\n";
                param = "dev.smtptestkit.SmtpReceiver receiver";
                port = "receiver.port()";
                count = "receiver.mailbox().size()";
                break;
            case GREENMAIL:
                head = "class " + className(c, tests) + " {\n"
                        + "    @org.junit.jupiter.api.extension.RegisterExtension\n"
                        + "    static com.icegreen.greenmail.junit5.GreenMailExtension greenMail =\n"
                        + "            new com.icegreen.greenmail.junit5.GreenMailExtension(new com.icegreen.greenmail.util.ServerSetup(\n"
                        + "                    0, \"127.0.0.1\", \"smtp\")).withPerMethodLifecycle(true);\n";
                param = "";
                port = "greenMail.getSmtp().getPort()";
                count = "greenMail.getReceivedMessages().length";
                break;
            case RAW_SINK:
                head = "@org.junit.jupiter.api.extension.ExtendWith(dev.smtptestkit.bench.junit.RawSinkPerTest.class)\n"
                        + "class " + className(c, tests) + " {\n";
                param = "dev.smtptestkit.bench.Contender.Running sink";
                port = "sink.port()";
                count = "sink.recordedCount()";
                break;
            default:
                throw new IllegalArgumentException(c.name());
        }
        s.append(head);
        for (int i = 0; i < tests; i++) {
            s.append("    @org.junit.jupiter.api.Test\n    void test").append(i).append('(').append(param)
                    .append(") throws Exception {\n")
                    .append("        dev.smtptestkit.bench.junit.AngusSend.send(").append(port).append(");\n")
                    .append("        org.junit.jupiter.api.Assertions.assertEquals(1, ").append(count).append(");\n")
                    .append("    }\n");
        }
        return s.append("}\n").toString();
    }
}
