package dev.smtptestkit.bench;

import com.dumbster.smtp.SimpleSmtpServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.smtptestkit.SmtpReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.wiser.Wiser;

/**
 * One SMTP receiver under test. Every contender is started fresh on an ephemeral loopback port
 * (Dumbster binds every interface: it has no bind option) and is driven by the same client.
 */
public enum Contender {

    /** The raw-socket sink of this module: the ceiling. */
    RAW_SINK("raw sink") {
        @Override
        public Running start(Options options) {
            RawSink sink = RawSink.start();
            return new Running(sink.port(), sink::messages, sink::close);
        }
    },

    /**
     * The raw sink on the other thread model (virtual threads vs a cached pool), to check that
     * the ceiling uses the faster one; not in the default list of run.sh.
     */
    RAW_SINK_OTHER("raw sink, " + RawSink.otherThreadModel()) {
        @Override
        public Running start(Options options) {
            RawSink sink = RawSink.startOther();
            return new Running(sink.port(), sink::messages, sink::close);
        }
    },

    /** smtp-testkit's receiver. */
    SMTP_TESTKIT("smtp-testkit") {
        @Override
        public Running start(Options options) {
            SmtpReceiver receiver = SmtpReceiver.builder()
                    .maxMessageSize(options.maxMessageSize())
                    .maxSessions(options.maxSessions())
                    .start();
            return new Running(receiver.port(), () -> receiver.mailbox().size(), receiver::close);
        }
    },

    /**
     * smtp-testkit built from another commit ({@code -Dbench.base=jar}, see {@link Baseline}), to
     * measure a change against the commit before it in the same run; not in the default list.
     */
    SMTP_TESTKIT_BASE("smtp-testkit (base)") {
        @Override
        public Running start(Options options) {
            return Baseline.start(options);
        }
    },

    /** GreenMail, SMTP only, defaults otherwise. */
    GREENMAIL("GreenMail") {
        @Override
        public Running start(Options options) {
            GreenMail greenMail = new GreenMail(new ServerSetup(0, LOOPBACK, ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
            return new Running(greenMail.getSmtp().getPort(), () -> greenMail.getReceivedMessages().length,
                    greenMail::stop);
        }
    },

    /** SubEthaSMTP's Wiser, defaults otherwise (at most 1000 connections). */
    WISER("Wiser") {
        @Override
        public Running start(Options options) {
            try {
                Wiser wiser = Wiser.create(SMTPServer.port(0).bindAddress(InetAddress.getByName(LOOPBACK)));
                wiser.start();
                return new Running(wiser.getServer().getPortAllocated(), () -> wiser.getMessages().size(), wiser::stop);
            } catch (UnknownHostException e) {
                throw new UncheckedIOException(e);
            }
        }
    },

    /** Postfix's smtp-sink (a separate C process; records nothing, so no loss check). */
    POSTFIX_SINK("Postfix smtp-sink") {
        @Override
        public Running start(Options options) {
            return Postfix.startSink(1024);
        }
    },

    /** Dumbster: one session at a time by design. */
    DUMBSTER("Dumbster") {
        @Override
        public Running start(Options options) {
            try {
                SimpleSmtpServer server = SimpleSmtpServer.start(SimpleSmtpServer.AUTO_SMTP_PORT);
                return new Running(server.getPort(), () -> server.getReceivedEmails().size(), server::stop);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** The loopback address every client connects to. */
    public static final String LOOPBACK = "127.0.0.1";

    private final String label;

    Contender(String label) {
        this.label = label;
    }

    /** The name in tables and charts. */
    public String label() {
        return label;
    }

    /** A valid test message of exactly {@code size} octets ending in CRLF: what every scenario sends. */
    public static byte[] message(int size) {
        return Messages.of(size);
    }

    /**
     * Start, one 1 KiB message over a new connection with the benchmark client, close: the
     * lifecycle scenario's second operation.
     *
     * @return the nanoseconds it took (the recorded-count check is not timed)
     */
    public static long oneMessage(Contender contender) throws Exception {
        return Lifecycle.once(contender, true);
    }

    /** Starts a fresh instance; returns once it accepts connections. */
    public abstract Running start(Options options);

    /**
     * Settings a scenario needs. Only smtp-testkit reads them: the peers run with their defaults,
     * which is what their users get.
     *
     * @param maxMessageSize the largest message in octets
     * @param maxSessions    concurrent sessions
     */
    public record Options(long maxMessageSize, int maxSessions) {
        /** What every scenario but the big message and idle sessions uses: the receiver's defaults. */
        public static final Options DEFAULTS = new Options(64L * 1024 * 1024, 2000);
    }

    /**
     * A started contender.
     *
     * @param port     the port it listens on
     * @param recorded how many messages it has recorded
     * @param stopper  stops it
     */
    public record Running(int port, Counter recorded, Runnable stopper) implements AutoCloseable {
        /** How many messages were recorded. */
        public int recordedCount() {
            return recorded.count();
        }

        @Override
        public void close() {
            stopper.run();
        }
    }

    /** Whether it keeps what it receives (Postfix's smtp-sink does not: no loss check for it). */
    public boolean records() {
        return this != POSTFIX_SINK;
    }

    /** Reads a recorded-message count. */
    @FunctionalInterface
    public interface Counter {
        /** The count now, or -1 when the contender records nothing. */
        int count();
    }
}
