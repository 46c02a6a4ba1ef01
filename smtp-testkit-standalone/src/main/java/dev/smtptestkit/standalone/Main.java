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
        if (options.smtpsPort >= 0) {
            builder.implicitTlsPort(options.smtpsPort);
        }
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
     *
     * <p>Off the reply path: a session only puts the event on a bounded queue; one console thread
     * formats and prints, so the client's next reply never waits for the summary or a slow
     * terminal. When the queue is full, events are dropped and counted (the count is printed), so a
     * stalled console bounds memory and never stalls a session. The dump is not queued: it stays on
     * the session's thread, before the 250, because a dump that fails must be answered 452.
     * {@code close} of the receiver returns once what was queued before it is printed.
     */
    private static final class Printer implements SmtpListener {
        private static final int QUEUE = 10_000;
        private static final long DRAIN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

        private final PrintStream out;
        private final boolean quiet;
        private final Options options;
        // Where each email was saved, from its dump until its EmailReceived event (same thread, next).
        private final Map<String, Path> savedAs = new ConcurrentHashMap<>();
        private final java.util.concurrent.BlockingQueue<Item> queue = new java.util.concurrent.ArrayBlockingQueue<>(QUEUE);
        private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
        private final Object progress = new Object();
        private long queued; // guarded by progress
        private long done; // guarded by progress
        private volatile Mailbox mailbox;
        private volatile SmtpReceiver receiver;

        /** An event, or a line already written, with the time it happened. */
        private record Item(LocalTime at, SmtpEvent event, String line, Path savedAs) {
        }

        Printer(PrintStream out, Options options) {
            this.out = out;
            this.quiet = options.quiet;
            this.options = options;
            Thread printer = new Thread(this::drain, "smtp-testkit-console");
            printer.setDaemon(true);
            printer.start();
        }

        // The delivery handler: dumps the email and notes where it went, or prints why it could not.
        void dump(ReceivedEmail email, Dumper dumper) throws IOException {
            try {
                savedAs.put(email.id(), dumper.dump(email));
            } catch (IOException e) {
                // printed before the 452 is sent: whoever reads the console sees why
                awaitPrinted(enqueue(new Item(LocalTime.now(), null, "  [" + email.envelope().sessionId() + "] email "
                        + email.id() + " not saved in " + dumper.dir() + ": " + Dumper.cause(e)
                        + "; the client was answered 452 4.3.1 and may send it again", null)));
                throw e;
            }
        }

        @Override
        public void onEvent(SmtpEvent event) {
            if (quiet && event instanceof SmtpEvent.CommandReceived) {
                return;
            }
            // where the dump put it: taken here, on the session's thread, right after the dump
            Path file = event instanceof SmtpEvent.EmailReceived received ? savedAs.remove(received.email().id()) : null;
            long ticket = enqueue(new Item(LocalTime.now(), event, null, file));
            if (event instanceof SmtpEvent.ServerStopped) {
                awaitPrinted(ticket); // the receiver's close() returns with the console complete
            }
        }

        // Never blocks: a full queue drops the item and counts it. Returns the item's ticket.
        private long enqueue(Item item) {
            synchronized (progress) {
                if (!queue.offer(item)) {
                    dropped.incrementAndGet();
                    return done;
                }
                return ++queued;
            }
        }

        private void awaitPrinted(long ticket) {
            long deadline = System.nanoTime() + DRAIN_NANOS;
            synchronized (progress) {
                long left;
                while (done < ticket && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(progress, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        // The console thread: survives anything an event's formatting or the stream throws.
        private void drain() {
            while (true) {
                try {
                    Item item = queue.take();
                    try {
                        long lost = dropped.getAndSet(0);
                        if (lost > 0) {
                            print(LocalTime.now().format(TIME) + "  (" + lost + " events not printed: the console"
                                    + " could not keep up; the mailbox has them all)");
                        }
                        print(format(item));
                    } finally {
                        synchronized (progress) {
                            done++;
                            progress.notifyAll();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.interrupted(); // nobody interrupts this thread on purpose; go on
                } catch (Throwable e) {
                    // a failed line is lost, the console goes on
                }
            }
        }

        private CharSequence format(Item item) {
            if (item.event() == null) {
                return item.at().format(TIME) + item.line();
            }
            SmtpEvent event = item.event();
            StringBuilder text = new StringBuilder(item.at().format(TIME)).append("  ")
                    .append(Console.line(SmtpText.event(event)));
            if (event instanceof SmtpEvent.ServerStarted started) {
                int smtps = receiver != null && options.smtpsPort >= 0 ? receiver.smtpsPort() : -1;
                text.append(Hints.started(started.host(), started.port(), smtps, options,
                        receiver == null ? null : receiver.caPemFile()));
            }
            if (event instanceof SmtpEvent.EmailReceived received) {
                text.append('\n').append(indent(Console.block(SmtpText.email(received.email()))));
                received.email().relayResult().ifPresent(r -> text.append("\n  relay: ")
                        .append(Console.line(r.summary())));
                if (item.savedAs() != null) {
                    text.append("\n  saved ").append(item.savedAs());
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
            return text;
        }

        private void print(CharSequence text) {
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        }
    }
}
