package dev.smtptestkit.bench;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Properties;

/**
 * Scenario 6: what most users' tests pay per message. {@code Transport.send} (Angus Mail) of a small
 * text message through one shared {@link Session}: a new connection, EHLO, MAIL, RCPT, DATA and
 * QUIT per send. The median time of one send per contender per round.
 */
final class TransportSend {

    private static final String SCENARIO = "6. Transport.send (Angus Mail, shared Session, one connection per send)";

    private TransportSend() {
    }

    static void run(Mode mode, List<Contender> contenders, Results results) {
        Results.Metric send = results.metric(SCENARIO, "one small Transport.send", "ms", false, "Transport.send");
        for (Contender c : contenders) { // warm-up, not recorded
            try {
                measure(c, mode.sends(), mode.runMillis() * 2);
            } catch (Exception e) {
                send.note(c, "warm-up failed: " + e.getMessage());
            }
        }
        for (int r = 0; r < mode.sendRounds(); r++) {
            send.round(Rounds.round(contenders, r, send, c -> measure(c, mode.sends(), mode.runMillis() * 4)));
        }
        results.remark("Transport.send: " + mode.sends() + " sends per contender per round (or fewer when "
                + mode.runMillis() * 4 + " ms pass first), median per send; a text message of about 200 octets.");
    }

    /** The median of up to {@code count} sends (fewer when {@code millis} pass first), in milliseconds. */
    static double measure(Contender contender, int count, long millis) throws Exception {
        try (Contender.Running running = contender.start(Contender.Options.DEFAULTS)) {
            Properties props = new Properties();
            props.put("mail.smtp.host", Contender.LOOPBACK);
            props.put("mail.smtp.port", Integer.toString(running.port()));
            props.put("mail.smtp.connectiontimeout", "10000");
            props.put("mail.smtp.timeout", "10000");
            props.put("mail.smtp.localhost", "bench.client");
            Session session = Session.getInstance(props);
            long[] nanos = new long[count];
            int done = 0;
            long until = System.nanoTime() + millis * 1_000_000L;
            for (; done < count && System.nanoTime() - until < 0; done++) {
                MimeMessage message = message(session, done);
                long t0 = System.nanoTime();
                Transport.send(message);
                nanos[done] = System.nanoTime() - t0;
            }
            int expected = done;
            if (contender.records() && Throughput.awaitRecorded(running, expected) != expected) {
                throw new IllegalStateException(contender.label() + " recorded " + running.recordedCount()
                        + " of " + expected + " acknowledged sends");
            }
            return Stats.medianMillis(java.util.Arrays.copyOf(nanos, done));
        }
    }

    private static MimeMessage message(Session session, int n) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("sender@bench.test"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("rcpt@bench.test"));
        m.setSubject("bench " + n);
        m.setText("A small message for the Transport.send scenario.\n");
        m.saveChanges(); // headers built outside the timed part
        return m;
    }
}
