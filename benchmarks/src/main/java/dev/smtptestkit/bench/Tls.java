package dev.smtptestkit.bench;

import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Scenario 9: what STARTTLS costs in smtp-testkit, against the same receiver in the clear. Start +
 * close with {@code tls(TlsMode.STARTTLS)} after the first such start (the first creates the
 * receiver's certificate authority and key, once per JVM); and one 1 KiB message per connection
 * with STARTTLS (a full handshake each time, as {@code Transport.send} with STARTTLS does) vs plain.
 * Plain and TLS alternate within each round; reported as absolute times, TLS / plain per round.
 */
final class Tls {

    private static final String SCENARIO = "9. TLS cost (smtp-testkit only: STARTTLS vs plain)";
    private static final byte[] MESSAGE = Messages.of(1024);

    private Tls() {
    }

    static void run(Mode mode, Results results) throws Exception {
        Results.Metric firstStart = results.plain(SCENARIO, "first start + close with STARTTLS in this JVM", "ms");
        Results.Metric startPlain = results.plain(SCENARIO, "start + close, plain", "ms");
        Results.Metric startTls = results.plain(SCENARIO, "start + close, STARTTLS (not the first)", "ms");
        Results.Metric startRatio = results.plain(SCENARIO, "start + close, STARTTLS / plain", "x");
        Results.Metric msgPlain = results.plain(SCENARIO, "1 KiB message on a new connection, plain", "ms");
        Results.Metric msgTls = results.plain(SCENARIO, "1 KiB message on a new connection, STARTTLS", "ms");
        Results.Metric msgRatio = results.plain(SCENARIO, "1 KiB message on a new connection, STARTTLS / plain", "x");
        long t0 = System.nanoTime();
        startAndClose(true);
        firstStart.round(only((System.nanoTime() - t0) / 1e6));
        int ops = mode.lifecycleOps();
        int sends = Math.max(20, mode.sends() / 5); // a full handshake per connection: fewer of them
        for (int i = 0; i < ops; i++) { // warm-up, not recorded
            startAndClose(true);
            startAndClose(false);
        }
        perConnection(false, sends);
        perConnection(true, sends);
        for (int r = 0; r < mode.sendRounds(); r++) {
            long[] plain = new long[ops];
            long[] tls = new long[ops];
            for (int i = 0; i < ops; i++) {
                plain[i] = startAndClose(false);
                tls[i] = startAndClose(true);
            }
            double p = Stats.medianMillis(plain);
            double t = Stats.medianMillis(tls);
            startPlain.round(only(p));
            startTls.round(only(t));
            startRatio.round(only(t / p));
            double mp = perConnection(false, sends);
            double mt = perConnection(true, sends);
            msgPlain.round(only(mp));
            msgTls.round(only(mt));
            msgRatio.round(only(mt / mp));
            System.out.printf(java.util.Locale.ROOT, "  9. round %d start %.3f / %.3f ms, message %.3f / %.3f ms%n",
                    r + 1, p, t, mp, mt);
        }
    }

    private static Map<Contender, Double> only(double v) {
        Map<Contender, Double> m = new EnumMap<>(Contender.class);
        m.put(Contender.SMTP_TESTKIT, v);
        return m;
    }

    private static SmtpReceiver.Builder builder(boolean tls) {
        SmtpReceiver.Builder b = SmtpReceiver.builder();
        return tls ? b.tls(TlsMode.STARTTLS) : b;
    }

    private static long startAndClose(boolean tls) {
        long t0 = System.nanoTime();
        SmtpReceiver receiver = builder(tls).start();
        receiver.close();
        return System.nanoTime() - t0;
    }

    /** The median time of one message per connection, over {@code count} connections to one receiver. */
    private static double perConnection(boolean tls, int count) throws Exception {
        try (SmtpReceiver receiver = builder(tls).start()) {
            SSLContext context = tls ? receiver.clientSslContext() : null;
            long[] nanos = new long[count];
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                try (SmtpClient client = SmtpClient.open(receiver.port(), 10_000)) {
                    if (tls) {
                        client.startTls(context);
                    }
                    client.send(MESSAGE);
                    client.quit();
                }
                nanos[i] = System.nanoTime() - t0;
            }
            if (receiver.mailbox().size() != count) {
                throw new IllegalStateException("recorded " + receiver.mailbox().size() + " of " + count);
            }
            return Stats.medianMillis(nanos);
        }
    }
}
