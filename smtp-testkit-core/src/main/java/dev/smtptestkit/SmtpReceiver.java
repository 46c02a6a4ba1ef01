package dev.smtptestkit;

import dev.smtptestkit.internal.content.Content;
import dev.smtptestkit.internal.net.ConnectionConfig;
import dev.smtptestkit.internal.net.Recorder;
import dev.smtptestkit.internal.net.Server;
import dev.smtptestkit.internal.protocol.SessionConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * An SMTP server embedded in the JVM that records every message it receives. It binds to loopback
 * and a free ephemeral port by default, serves many sessions at once (on virtual threads on Java
 * 21+), speaks ESMTP strictly (RFC 5321 with SIZE, PIPELINING, 8BITMIME, SMTPUTF8,
 * ENHANCEDSTATUSCODES, CHUNKING and DSN) and records emails, events, transcripts and protocol
 * violations in its {@link Mailbox}.
 *
 * <pre>{@code
 * try (SmtpReceiver receiver = SmtpReceiver.builder().build().start()) {
 *     Properties props = receiver.javaMailProperties();        // mail.smtp.host / port
 *     Transport.send(message);                                  // the code under test sends
 *     ReceivedEmail email = receiver.mailbox().singleEmail();   // already recorded
 * }
 * }</pre>
 *
 * <p>Start and close are cheap (no sleeps, no port probing), so one receiver per test is the
 * normal case. With JUnit, {@code @SmtpServer} does this for you.
 */
public final class SmtpReceiver implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SmtpReceiver.class.getName());

    private enum Phase { NEW, RUNNING, CLOSED }

    private final Builder settings;
    private final List<SmtpListener> listeners;
    private final Mailbox mailbox = new Mailbox();
    private final SmtpScript script = new SmtpScript();
    private final Object lifecycle = new Object();
    private volatile Phase phase = Phase.NEW;
    private volatile Server server;
    private String lastHost;
    private int lastPort;

    private SmtpReceiver(Builder builder) {
        this.settings = builder.copy();
        this.listeners = List.copyOf(builder.listeners);
        builder.scripts.forEach(setup -> setup.accept(script));
    }

    /**
     * The receiver's scripted replies and faults; may be changed before start and while sessions
     * run (a change applies to the next step of every session).
     *
     * <pre>{@code
     * receiver.script().onRcpt("bob@example.com").reply(550, "5.1.1", "No such user");
     * }</pre>
     *
     * @return the receiver's one script
     */
    public SmtpScript script() {
        return script;
    }

    /**
     * A builder with the defaults: 127.0.0.1, port 0 (ephemeral), limits as documented on each method.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts accepting connections. Returns once the receiver accepts
     * connections; a busy port fails at once with an {@link IllegalStateException} naming host:port.
     *
     * @return this receiver, for chaining
     * @throws IllegalStateException when already started or closed, or the address cannot be bound
     */
    public SmtpReceiver start() {
        synchronized (lifecycle) {
            if (phase == Phase.RUNNING) {
                throw new IllegalStateException("SmtpReceiver is already started on " + lastHost + ":" + lastPort);
            }
            if (phase == Phase.CLOSED) {
                throw new IllegalStateException("SmtpReceiver is closed and cannot be restarted: build a new one");
            }
            SessionConfig session = new SessionConfig(settings.serverName, settings.maxMessageSize,
                    settings.maxRecipients, settings.maxCommandLineLength, settings.strict)
                    .withMaxJunkCommands(settings.maxCommandsWithoutTransaction);
            ConnectionConfig config = new ConnectionConfig(session, settings.idleTimeout, settings.maxSessions,
                    settings.backlog);
            Server started = Server.start(settings.host, settings.port, config, new Bridge(), script.source());
            server = started;
            lastHost = started.host();
            lastPort = started.port();
            phase = Phase.RUNNING;
            dispatch(new SmtpEvent.ServerStarted(Instant.now(), lastHost, lastPort));
            return this;
        }
    }

    /**
     * Stops accepting, ends every open session (each client receives 421) and returns once no
     * thread of the receiver is left. Idempotent; a receiver that was never started just becomes closed.
     *
     * @throws IllegalStateException when a session thread could not be stopped within the grace period
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (phase != Phase.RUNNING) {
                phase = Phase.CLOSED;
                return;
            }
            phase = Phase.CLOSED;
            try {
                server.close();
            } finally {
                dispatch(new SmtpEvent.ServerStopped(Instant.now(), lastHost, lastPort));
            }
        }
    }

    /**
     * The same as {@link #close()}.
     *
     * @throws IllegalStateException when a session thread could not be stopped within the grace period
     */
    public void stop() {
        close();
    }

    /**
     * The port the receiver listens on; after {@link #close()}, the port it listened on.
     *
     * @return the bound port (the ephemeral port it was given when configured with 0)
     * @throws IllegalStateException when the receiver was never started
     */
    public int port() {
        requireStarted();
        return lastPort;
    }

    /**
     * The address the receiver listens on; after {@link #close()}, the address it listened on.
     *
     * @return the address, for example {@code 127.0.0.1}
     * @throws IllegalStateException when the receiver was never started
     */
    public String host() {
        requireStarted();
        return lastHost;
    }

    /**
     * Whether it accepts connections now.
     *
     * @return true when started and not closed
     */
    public boolean isRunning() {
        return phase == Phase.RUNNING;
    }

    /**
     * How many sessions are open now.
     *
     * @return the number of open sessions; 0 when not running
     */
    public int activeSessionCount() {
        Server s = server;
        return phase == Phase.RUNNING && s != null ? s.activeSessions() : 0;
    }

    /**
     * Everything recorded; available before start and after close.
     *
     * @return the receiver's one mailbox
     */
    public Mailbox mailbox() {
        return mailbox;
    }

    /**
     * Jakarta Mail session properties that point a client at this receiver:
     * {@code mail.smtp.host}, {@code mail.smtp.port} and 10-second connection, read and write
     * timeouts, so a test never hangs.
     *
     * @return a new properties object on every call
     * @throws IllegalStateException when the receiver was never started
     */
    public Properties javaMailProperties() {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", host());
        props.setProperty("mail.smtp.port", String.valueOf(port()));
        props.setProperty("mail.smtp.connectiontimeout", "10000");
        props.setProperty("mail.smtp.timeout", "10000");
        props.setProperty("mail.smtp.writetimeout", "10000");
        return props;
    }

    /**
     * The receiver's address as a URL.
     *
     * @return {@code smtp://host:port}, for example {@code smtp://127.0.0.1:53122}
     * @throws IllegalStateException when the receiver was never started
     */
    public String url() {
        return "smtp://" + host() + ":" + port();
    }

    private void requireStarted() {
        if (lastHost == null) {
            throw new IllegalStateException("SmtpReceiver is not started: call start() first");
        }
    }

    private void dispatch(SmtpEvent event) {
        mailbox.record(event);
        for (SmtpListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vme) {
                    throw vme;
                }
                LOG.log(System.Logger.Level.WARNING, "SmtpListener " + listener.getClass().getName()
                        + " threw on " + event.getClass().getSimpleName() + "; the session goes on", e);
            }
        }
    }

    /** Connections record through this, so the mailbox's recording methods stay out of the API. */
    private final class Bridge implements Recorder {
        @Override
        public void event(SmtpEvent event) {
            dispatch(event);
        }

        @Override
        public void transcript(String sessionId, Transcript.Line line) {
            mailbox.record(sessionId, line);
        }

        @Override
        public void violation(ProtocolViolation violation) {
            mailbox.record(violation);
        }

        @Override
        public ReceivedEmail email(String id, Envelope envelope, Content content, Instant receivedAt,
                                   boolean replySent) {
            return new ReceivedEmail(id, envelope, content, receivedAt, replySent);
        }
    }

    @Override
    public String toString() {
        switch (phase) {
            case NEW:
                return "SmtpReceiver{new}";
            case CLOSED:
                return "SmtpReceiver{closed}";
            default:
                int sessions = activeSessionCount();
                return "SmtpReceiver{" + lastHost + ":" + lastPort + ", " + sessions
                        + (sessions == 1 ? " session}" : " sessions}");
        }
    }

    /**
     * Configures a {@link SmtpReceiver}. Every setting has one method and one default.
     *
     * <pre>{@code
     * SmtpReceiver receiver = SmtpReceiver.builder()
     *         .maxMessageSize(10 * 1024 * 1024)
     *         .idleTimeout(Duration.ofSeconds(5))
     *         .build()
     *         .start();
     * }</pre>
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String serverName = "localhost";
        private long maxMessageSize = 64L * 1024 * 1024;
        private int maxRecipients = 1000;
        private int maxCommandLineLength = 1024;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int maxSessions = 2000;
        private int backlog = 1024;
        private boolean strict;
        private int maxCommandsWithoutTransaction = SessionConfig.DEFAULT_MAX_JUNK_COMMANDS;
        private final List<SmtpListener> listeners = new ArrayList<>();
        private final List<java.util.function.Consumer<SmtpScript>> scripts = new ArrayList<>();

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.host = host;
            b.port = port;
            b.serverName = serverName;
            b.maxMessageSize = maxMessageSize;
            b.maxRecipients = maxRecipients;
            b.maxCommandLineLength = maxCommandLineLength;
            b.idleTimeout = idleTimeout;
            b.maxSessions = maxSessions;
            b.backlog = backlog;
            b.strict = strict;
            b.maxCommandsWithoutTransaction = maxCommandsWithoutTransaction;
            b.listeners.addAll(listeners);
            return b;
        }

        /**
         * The address to listen on. Default {@code 127.0.0.1} (loopback only); {@code 0.0.0.0} for every interface.
         *
         * @param host the address or host name
         * @return this builder
         * @throws NullPointerException when {@code host} is null
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The port. Default 0: a free ephemeral port, read back with {@link SmtpReceiver#port()}.
         *
         * @param port the port, 0 to 65535
         * @return this builder
         * @throws IllegalArgumentException when {@code port} is outside 0 to 65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port
                        + ". Use 0 for a free ephemeral port.");
            }
            this.port = port;
            return this;
        }

        /**
         * The name in the greeting and the EHLO reply. Default {@code localhost}.
         *
         * @param serverName a host name, without spaces or control characters
         * @return this builder
         * @throws IllegalArgumentException when {@code serverName} is null, blank or contains a space
         *                                  or control character
         */
        public Builder serverName(String serverName) {
            if (serverName == null || serverName.isBlank() || serverName.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("serverName must be a host name without spaces, was '" + serverName + "'");
            }
            this.serverName = serverName;
            return this;
        }

        /**
         * The largest message accepted, in octets, advertised as SIZE (RFC 1870). Default 64 MiB.
         *
         * @param octets the limit, from 1 to {@code Integer.MAX_VALUE - 16}
         * @return this builder
         * @throws IllegalArgumentException when {@code octets} is outside that range
         */
        public Builder maxMessageSize(long octets) {
            if (octets < 1 || octets > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("maxMessageSize must be between 1 and " + (Integer.MAX_VALUE - 16)
                        + " octets, was " + octets);
            }
            this.maxMessageSize = octets;
            return this;
        }

        /**
         * Recipients per message; more get 452 4.5.3 (RFC 5321 4.5.3.1.10 asks for at least 100). Default 1000.
         *
         * @param maxRecipients the limit, at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code maxRecipients} is less than 1
         */
        public Builder maxRecipients(int maxRecipients) {
            if (maxRecipients < 1) {
                throw new IllegalArgumentException("maxRecipients must be at least 1, was " + maxRecipients);
            }
            this.maxRecipients = maxRecipients;
            return this;
        }

        /**
         * The longest command line in octets including CRLF; longer ones get 500 5.5.2. RFC 5321
         * 4.5.3.1.4 sets 512, which extensions such as DSN raise. Default 1024, minimum 512.
         *
         * @param octets the limit, at least 512
         * @return this builder
         * @throws IllegalArgumentException when {@code octets} is less than 512
         */
        public Builder maxCommandLineLength(int octets) {
            if (octets < 512) {
                throw new IllegalArgumentException("maxCommandLineLength must be at least 512 (RFC 5321 4.5.3.1.4), was "
                        + octets);
            }
            this.maxCommandLineLength = octets;
            return this;
        }

        /**
         * How long a client may take to send one command line, or to send more message data;
         * past it the client gets 421 4.4.2 and the session ends with
         * {@link DisconnectReason#IDLE_TIMEOUT}. A client that reads no reply for this long (so the
         * receiver's write stays blocked) is disconnected with the same reason. Default 60 seconds.
         *
         * @param idleTimeout the timeout, positive
         * @return this builder
         * @throws IllegalArgumentException when {@code idleTimeout} is null, zero or negative
         */
        public Builder idleTimeout(Duration idleTimeout) {
            if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * Concurrent sessions; one more is answered 421 4.3.2 and closed. Default 2000 (room for 1,000 idle
         * connections and more besides; each idle session holds about 25 KiB of heap).
         *
         * @param maxSessions the limit, at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code maxSessions} is less than 1
         */
        public Builder maxSessions(int maxSessions) {
            if (maxSessions < 1) {
                throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
            }
            this.maxSessions = maxSessions;
            return this;
        }

        /**
         * The listening socket's backlog (pending connections the kernel holds). Default 1024.
         *
         * @param backlog the backlog, at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code backlog} is less than 1
         */
        public Builder backlog(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("backlog must be at least 1, was " + backlog);
            }
            this.backlog = backlog;
            return this;
        }

        /**
         * Strict mode: refuse what would otherwise only be recorded as a {@link ProtocolViolation}
         * (bare CR/LF, over-long lines, 8-bit data without 8BITMIME, missing Date or From, raw
         * UTF-8 headers without SMTPUTF8, malformed Message-ID: 550 5.6.0 at the end of data; a space
         * after {@code FROM:}/{@code TO:}: 501; a command sent before its reply was due: 554 5.5.0).
         * Default false.
         *
         * @param strict true to refuse, false to accept and record
         * @return this builder
         */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * How many commands in a row a client may send without starting a mail transaction (NOOP,
         * RSET, VRFY, HELP, refused or unknown commands, a second EHLO) before the session is ended
         * with {@code 421 4.7.0} and {@link DisconnectReason#LIMIT_EXCEEDED}; an accepted message
         * starts the count again. Default 1000 (Postfix allows 100). It bounds what a client that
         * never sends mail can make the receiver record.
         *
         * @param limit at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code limit} is below 1
         */
        public Builder maxCommandsWithoutTransaction(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("maxCommandsWithoutTransaction must be at least 1, was " + limit);
            }
            this.maxCommandsWithoutTransaction = limit;
            return this;
        }

        /**
         * Adds a listener; listeners are called in the order added.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException when {@code listener} is null
         */
        public Builder listener(SmtpListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Scripts the receiver's replies and faults from the start, for example
         * {@code .script(s -> s.hideExtensions("PIPELINING"))}; the same as calling
         * {@link SmtpReceiver#script()} before {@code start()}. Each receiver built runs the setup
         * on its own script.
         *
         * @param setup what to script
         * @return this builder
         * @throws NullPointerException when {@code setup} is null
         */
        public Builder script(java.util.function.Consumer<SmtpScript> setup) {
            scripts.add(Objects.requireNonNull(setup, "setup"));
            return this;
        }

        /**
         * Builds a receiver that is not started yet. The receiver takes a copy of the settings, so
         * later changes to this builder do not affect it.
         *
         * @return a new receiver
         */
        public SmtpReceiver build() {
            return new SmtpReceiver(this);
        }

        /**
         * Builds and starts a receiver: {@code build().start()}.
         *
         * @return the started receiver
         * @throws IllegalStateException when the address cannot be bound
         */
        public SmtpReceiver start() {
            return build().start();
        }
    }
}
