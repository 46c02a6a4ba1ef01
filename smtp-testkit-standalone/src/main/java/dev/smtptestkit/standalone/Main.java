package dev.smtptestkit.standalone;

import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpListener;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.SmtpText;
import dev.smtptestkit.standalone.http.HttpView;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
     * {@code --help} and {@code --version} print and return; an unknown option or a bad value exits
     * with status 2 and the reason, a receiver that cannot start (a busy port, an unusable dump
     * directory) with 1 and the cause.
     *
     * @param args the options; see {@code --help}
     * @throws InterruptedException when the main thread is interrupted while waiting for the stop
     */
    public static void main(String[] args) throws InterruptedException {
        Launch launch = launch(args, System.out, System.err);
        if (launch.receiver() == null) {
            if (launch.status() != 0) {
                System.exit(launch.status());
            }
            return;
        }
        SmtpReceiver receiver = launch.receiver();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            receiver.close();
            stopped.countDown();
        }, "smtp-testkit-shutdown"));
        stopped.await();
    }

    /**
     * What starting from a command line came to: a running receiver, or none and the exit status.
     *
     * @param status   0 (help, version or running), 1 (cannot start) or 2 (bad command line)
     * @param receiver the running receiver, or null
     */
    record Launch(int status, SmtpReceiver receiver) {
    }

    /** Parses the command line and starts the receiver; problems go to {@code err}, as one line each. */
    static Launch launch(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return new Launch(2, null);
        }
        if (options.help) {
            out.println(Options.USAGE);
            return new Launch(0, null);
        }
        if (options.version) {
            out.println("smtp-testkit-standalone " + version());
            return new Launch(0, null);
        }
        try {
            return new Launch(0, start(options, out));
        } catch (IllegalStateException | IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            return new Launch(1, null);
        }
    }

    /** The version from the jar's manifest ({@code Implementation-Version}, set by the pom). */
    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version != null ? version : "(version unknown: not run from its jar)";
    }

    /**
     * The receiver settings the options ask for. With a dump directory the emails are on disk, so
     * memory keeps only the newest {@code --keep} of them.
     */
    static SmtpReceiver.Builder receiverSettings(Options options) {
        SmtpReceiver.Builder builder = SmtpReceiver.builder()
                .host(options.host)
                .port(options.port)
                .serverName(options.serverName)
                .maxMessageSize(options.maxMessageSize)
                .maxRecipients(options.maxRecipients)
                .maxSessions(options.maxSessions)
                .idleTimeout(options.idleTimeout)
                .rejectViolations(options.rejectViolations)
                .tls(options.tls)
                .requireTls(options.requireTls)
                .requireAuth(options.requireAuth);
        if (!options.users.isEmpty()) {
            builder.auth(AuthPolicy.users(options.users));
        } else if (options.auth) {
            builder.auth(AuthPolicy.acceptAny());
        }
        if (options.dumpDir != null) {
            builder.maxRetainedEmails(options.keep);
        }
        return builder;
    }

    private static String indent(String block) {
        return "  " + block.replace("\n", "\n  ");
    }

    /** Builds and starts a receiver that prints to {@code out} and dumps as the options say. */
    static SmtpReceiver start(Options options, PrintStream out) throws IOException {
        Dumper dumper = options.dumpDir == null ? null : Dumper.open(options.dumpDir);
        Printer printer = new Printer(out, options);
        HttpView view = options.httpPort == null ? null : HttpView.create(options.httpHost, options.httpPort);
        SmtpReceiver.Builder builder = receiverSettings(options).listener(printer);
        RelayOptions.apply(options, builder);
        if (dumper != null) {
            // on the session thread, before the 250: a dump that fails is answered 452 4.3.1
            builder.deliveryHandler(email -> printer.dump(email, dumper));
        }
        if (view != null) {
            builder.listener(view.listener()); // it also closes the view when the receiver stops
        }
        SmtpReceiver receiver = builder.build();
        printer.mailbox = receiver.mailbox();
        if (options.script != null) {
            receiver.script().load(options.script); // IOException or a bad line: reported, exit 1
        }
        printer.receiver = receiver;
        receiver.start();
        if (view != null) {
            try {
                view.start(receiver.mailbox(), receiver.script());
            } catch (IllegalStateException e) {
                receiver.close();
                throw e;
            }
            synchronized (out) {
                out.println("  web page and HTTP API: " + view.url());
                out.flush();
            }
        }
        return receiver;
    }

    /**
     * Prints events as they happen; one line each, plus a summary block for each email. What a
     * client sent is escaped ({@link Console}), so it cannot drive the terminal or forge a line.
     */
    private static final class Printer implements SmtpListener {
        private final PrintStream out;
        private final boolean quiet;
        private final Options options;
        // Where each email was saved, from its dump until its EmailReceived event (same thread, next).
        private final Map<String, Path> savedAs = new ConcurrentHashMap<>();
        private volatile Mailbox mailbox;
        private volatile SmtpReceiver receiver;

        Printer(PrintStream out, Options options) {
            this.out = out;
            this.quiet = options.quiet;
            this.options = options;
        }

        // The delivery handler: dumps the email and notes where it went, or prints why it could not.
        void dump(ReceivedEmail email, Dumper dumper) throws IOException {
            try {
                savedAs.put(email.id(), dumper.dump(email));
            } catch (IOException e) {
                print(LocalTime.now().format(TIME) + "  [" + email.envelope().sessionId() + "] email " + email.id()
                        + " not saved in " + dumper.dir() + ": " + Dumper.cause(e)
                        + "; the client was answered 452 4.3.1 and may send it again");
                throw e;
            }
        }

        @Override
        public void onEvent(SmtpEvent event) {
            if (quiet && event instanceof SmtpEvent.CommandReceived) {
                return;
            }
            StringBuilder text = new StringBuilder(LocalTime.now().format(TIME)).append("  ")
                    .append(Console.line(SmtpText.event(event)));
            if (event instanceof SmtpEvent.ServerStarted started) {
                text.append(Hints.started(started.host(), started.port(), options,
                        receiver == null ? null : receiver.caPemFile()));
            }
            if (event instanceof SmtpEvent.EmailReceived received) {
                text.append('\n').append(indent(Console.block(SmtpText.email(received.email()))));
                received.email().relayResult().ifPresent(r -> text.append("\n  relay: ")
                        .append(Console.line(r.summary())));
                Path file = savedAs.remove(received.email().id());
                if (file != null) {
                    text.append("\n  saved ").append(file);
                }
            }
            if (event instanceof SmtpEvent.ClientDisconnected disconnected && mailbox != null) {
                // the session's protocol violations, as a hint to the developer looking at the console
                for (ProtocolViolation v : mailbox.violations()) {
                    if (v.sessionId().equals(disconnected.sessionId())) {
                        text.append("\n  warning: ").append(Console.line(v.toString()));
                    }
                }
            }
            print(text);
        }

        private void print(CharSequence text) {
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        }
    }
}
