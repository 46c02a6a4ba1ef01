package dev.smtptestkit.standalone;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpListener;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.internal.format.Render;
import dev.smtptestkit.internal.script.ScriptFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone receiver: {@code java -jar smtp-testkit-standalone.jar --port 2525 --dump-dir mails}.
 * Prints every event as one line and a summary of every email; Ctrl-C stops it cleanly.
 */
public final class Main {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private Main() {
    }

    /**
     * Runs the receiver until the JVM is asked to stop (Ctrl-C), then closes it from a shutdown hook.
     * {@code --help} prints the usage and returns; an unknown option or a bad value exits with
     * status 2, a receiver that cannot start (a busy port, an unwritable dump directory) with 1.
     *
     * @param args the options; see {@code --help}
     * @throws InterruptedException when the main thread is interrupted while waiting for the stop
     */
    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return;
        }
        SmtpReceiver receiver;
        try {
            receiver = start(options, System.out);
        } catch (IllegalStateException | IllegalArgumentException | IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            receiver.close();
            stopped.countDown();
        }, "smtp-testkit-shutdown"));
        stopped.await();
    }

    /** Builds and starts a receiver that prints to {@code out} and dumps as the options say. */
    static SmtpReceiver start(Options options, PrintStream out) throws IOException {
        Dumper dumper = options.dumpDir == null ? null : new Dumper(options.dumpDir);
        Printer printer = new Printer(out, options.quiet, dumper);
        SmtpReceiver receiver = SmtpReceiver.builder()
                .host(options.host)
                .port(options.port)
                .serverName(options.serverName)
                .maxMessageSize(options.maxMessageSize)
                .maxRecipients(options.maxRecipients)
                .maxSessions(options.maxSessions)
                .idleTimeout(options.idleTimeout)
                .strict(options.strict)
                .listener(printer)
                .build();
        printer.mailbox = receiver.mailbox();
        if (options.script != null) {
            ScriptFile.load(options.script, receiver.script());
        }
        return receiver.start();
    }

    /** Prints events as they happen; one line each, plus a summary block for each email. */
    private static final class Printer implements SmtpListener {
        private final PrintStream out;
        private final boolean quiet;
        private final Dumper dumper;
        private volatile Mailbox mailbox;

        Printer(PrintStream out, boolean quiet, Dumper dumper) {
            this.out = out;
            this.quiet = quiet;
            this.dumper = dumper;
        }

        @Override
        public void onEvent(SmtpEvent event) {
            if (quiet && event instanceof SmtpEvent.CommandReceived) {
                return;
            }
            StringBuilder text = new StringBuilder(LocalTime.now().format(TIME)).append("  ").append(Render.event(event));
            if (event instanceof SmtpEvent.ServerStarted started) {
                text.append("\n  try: curl smtp://").append(started.host()).append(':').append(started.port())
                        .append(" --mail-from a@example.com --mail-rcpt b@example.com -T mail.txt")
                        .append("\n  stop with Ctrl-C");
            }
            if (event instanceof SmtpEvent.EmailReceived received) {
                text.append('\n').append(Render.indent(Render.emailSummary(received.email())));
                if (dumper != null) {
                    Path file = dumper.dump(received.email());
                    text.append("\n  saved ").append(file);
                }
            }
            if (event instanceof SmtpEvent.ClientDisconnected disconnected && mailbox != null) {
                // the session's protocol violations, as a hint to the developer looking at the console
                for (ProtocolViolation v : mailbox.violations()) {
                    if (v.sessionId().equals(disconnected.sessionId())) {
                        text.append("\n  warning: ").append(v);
                    }
                }
            }
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        }
    }
}
