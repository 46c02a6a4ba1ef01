package dev.smtptestkit;

import dev.smtptestkit.internal.content.MailApi;
import dev.smtptestkit.internal.net.ConnectionConfig;
import dev.smtptestkit.internal.net.Server;
import java.io.IOException;
import dev.smtptestkit.internal.tls.ClientTrust;
import dev.smtptestkit.internal.tls.ServerTls;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

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
 *
 * <p>(Why about 800 lines: two thirds is the nested {@link Builder}, one documented method per
 * setting as STYLE 3 asks, which cannot move without renaming the public {@code SmtpReceiver.Builder};
 * the settings, their defaults and the engine configuration live in the package-private
 * {@code ReceiverSettings}, the shutdown in {@code ReceiverShutdown}, recording in
 * {@code MailboxRecorder}, networking in {@code internal.net}.)
 */
public final class SmtpReceiver implements AutoCloseable {

    private enum Phase { NEW, RUNNING, CLOSED }

    private final ReceiverSettings settings;
    private final Mailbox mailbox;
    private final MailboxRecorder recorder;
    private final SmtpScript script = new SmtpScript();
    private final Object lifecycle = new Object();
    private volatile Phase phase = Phase.NEW;
    private volatile Server server;
    // The thread that runs this receiver's listeners for ServerStarted or ServerStopped right now
    // (close() there must not wait). The two never overlap: start() dispatches holding `lifecycle`,
    // which close() takes before the shutdown dispatches. A field, not a ThreadLocal: one get, set
    // and remove per event cost each start and close a thread-local map entry.
    private volatile Thread dispatching;
    private final ReceiverShutdown shutdown =
            new ReceiverShutdown(() -> dispatch(new SmtpEvent.ServerStopped(Instant.now(), this.lastHost, this.lastPort)));
    private String lastHost;
    private int lastPort;
    private int lastImplicitPort = -1;

    private SmtpReceiver(ReceiverSettings settings) {
        this.settings = settings;
        this.mailbox = new Mailbox(settings.maxRecordedLines, settings.maxRetainedEmails);
        this.recorder = new MailboxRecorder(mailbox, settings.listeners, settings.deliveryHandler, settings.relay);
        settings.scripts.forEach(setup -> setup.accept(script));
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
     * @throws IllegalStateException when already started or closed, when the address cannot be
     *                               bound, or when the Jakarta Mail API ({@code jakarta.mail-api}),
     *                               which stores each message, is missing from the class path
     */
    public SmtpReceiver start() {
        synchronized (lifecycle) {
            if (phase == Phase.RUNNING) {
                throw new IllegalStateException("SmtpReceiver is already started on " + lastHost + ":" + lastPort);
            }
            if (phase == Phase.CLOSED) {
                throw new IllegalStateException("SmtpReceiver is closed and cannot be restarted: build a new one");
            }
            MailApi.require(); // else the end of the first message's data would end its session
            ConnectionConfig config = settings.connectionConfig();
            Server started = Server.start(settings.host, settings.port, config, recorder,
                    script.source(), settings.implicitTlsPort(), settings.implicitTlsConfig(config));
            server = started;
            lastHost = started.host();
            lastPort = started.port();
            lastImplicitPort = started.implicitPort();
            phase = Phase.RUNNING;
            dispatch(new SmtpEvent.ServerStarted(Instant.now(), lastHost, lastPort));
            return this;
        }
    }

    /**
     * Stops accepting, ends every open session (each client receives 421) and returns once no
     * thread of the receiver is left. Idempotent; a receiver that was never started just becomes
     * closed. Called from a listener or a session of this receiver, it starts the shutdown and
     * returns at once (it cannot wait for the thread it runs on); a caller from outside, such as
     * the test, still waits for every thread and gets the failure, if any.
     *
     * @throws IllegalStateException when a session thread could not be stopped within the grace period
     */
    @Override
    public void close() {
        Server running;
        boolean inside;
        synchronized (lifecycle) {
            Phase was = phase;
            phase = Phase.CLOSED;
            running = was == Phase.RUNNING ? server : null;
            inside = dispatching == Thread.currentThread() || (server != null && server.ownsCurrentThread());
            if (was == Phase.NEW) {
                shutdown.neverStarted();
                return;
            }
            if (running != null) {
                recorder.stopRelays(); // a stalled relay target must not hold a session past the grace period
            }
            if (running != null && inside && shutdown.startCloser(running, lastPort)) {
                return;
            }
        }
        if (running != null) {
            shutdown.endNow(running); // the first caller does the work on its own thread
            return;
        }
        if (!inside) {
            shutdown.awaitClosed();
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
     * The second port, where the receiver offers implicit TLS (RFC 8314 "SMTPS") next to STARTTLS
     * on {@link #port()}; after {@link #close()}, the port it listened on. Both ports share one
     * mailbox, one session count and one {@code maxSessions}.
     *
     * <pre>{@code
     * SmtpReceiver receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).implicitTlsPort(0).start();
     * String smtps = "smtps://" + receiver.host() + ":" + receiver.smtpsPort();
     * }</pre>
     *
     * @return the bound port (the ephemeral port it was given when configured with 0)
     * @throws IllegalStateException when the receiver was never started, or has no second port
     */
    public int smtpsPort() {
        requireStarted();
        if (lastImplicitPort < 0) {
            throw new IllegalStateException("SmtpReceiver has no implicit TLS port: call"
                    + " implicitTlsPort(0) on the builder, next to tls(TlsMode.STARTTLS)");
        }
        return lastImplicitPort;
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
        Properties props = ClientTrust.shared().javaMailProperties(settings.tlsMode, host(), port());
        if (settings.tlsMode != TlsMode.NONE && settings.ownTls()) {
            // the user's own certificate: trusting it is the user's business
            props.remove("mail.smtp.ssl.socketFactory");
            props.remove("mail.smtps.ssl.socketFactory");
        }
        return props;
    }

    /**
     * How this receiver offers TLS.
     *
     * @return {@link TlsMode#NONE} unless the builder chose STARTTLS or implicit TLS
     */
    public TlsMode tlsMode() {
        return settings.tlsMode;
    }

    /**
     * An {@link SSLContext} for clients that trusts the receiver's generated certificate (the CA
     * created once per JVM). With it, a client can check the host name as in production.
     *
     * @return a client context trusting the generated CA
     */
    public SSLContext clientSslContext() {
        return ClientTrust.shared().sslContext();
    }

    /**
     * The generated CA as a PEM file, for clients outside the JVM: {@code curl --cacert FILE},
     * Python's {@code ssl.create_default_context(cafile=FILE)}, {@code openssl s_client -CAfile FILE}.
     *
     * @return a file in a temporary directory, written once per JVM
     */
    public Path caPemFile() {
        return ClientTrust.shared().caPemFile();
    }

    /**
     * The generated CA in a PKCS #12 trust store, for {@code javax.net.ssl.trustStore} or a
     * framework's trust-store setting; its password is {@link #TRUST_STORE_PASSWORD}.
     *
     * @return a file in a temporary directory, written once per JVM
     */
    public Path trustStoreFile() {
        return ClientTrust.shared().trustStoreFile();
    }

    /**
     * A PKCS #12 key store holding a client certificate signed by the generated CA (password
     * {@link #TRUST_STORE_PASSWORD}), for tests of {@link ClientAuth#WANT} and {@link ClientAuth#NEED}.
     *
     * @return a file in a temporary directory, written once per JVM
     */
    public Path clientKeyStoreFile() {
        return ClientTrust.shared().clientKeyStoreFile();
    }

    /** The password of {@link #trustStoreFile()} and {@link #clientKeyStoreFile()}: {@value}. */
    public static final String TRUST_STORE_PASSWORD = "smtp-testkit";

    /**
     * The receiver's address as a URL.
     *
     * @return {@code smtp://host:port} ({@code smtps://} with implicit TLS), for example {@code smtp://127.0.0.1:53122}
     * @throws IllegalStateException when the receiver was never started
     */
    public String url() {
        return (settings.tlsMode == TlsMode.IMPLICIT ? "smtps://" : "smtp://") + host() + ":" + port();
    }

    private void requireStarted() {
        if (lastHost == null) {
            throw new IllegalStateException("SmtpReceiver is not started: call start() first");
        }
    }

    // Records and tells the listeners; a listener that calls close() from here is seen as inside.
    private void dispatch(SmtpEvent event) {
        Thread outer = dispatching;
        dispatching = Thread.currentThread();
        try {
            recorder.event(event);
        } finally {
            dispatching = outer;
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
        private final ReceiverSettings s = new ReceiverSettings();

        private Builder() {
        }

        /**
         * The address to listen on. Default {@code 127.0.0.1} (loopback only); {@code 0.0.0.0} for every interface.
         *
         * @param host the address or host name
         * @return this builder
         * @throws NullPointerException when {@code host} is null
         */
        public Builder host(String host) {
            s.host = Objects.requireNonNull(host, "host");
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
            s.port = port;
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
            s.serverName = serverName;
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
            s.maxMessageSize = octets;
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
            s.maxRecipients = ReceiverSettings.atLeast("maxRecipients", 1, maxRecipients);
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
            s.maxCommandLineLength = octets;
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
            s.idleTimeout = idleTimeout;
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
            s.maxSessions = ReceiverSettings.atLeast("maxSessions", 1, maxSessions);
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
            s.backlog = ReceiverSettings.atLeast("backlog", 1, backlog);
            return this;
        }

        /**
         * Refuses input that breaks a rule instead of only recording it as a {@link ProtocolViolation}:
         * bare CR/LF, over-long lines, 8-bit data without 8BITMIME, missing Date or From, raw UTF-8
         * headers without SMTPUTF8, malformed Message-ID get 550 5.6.0 at the end of data; a space
         * after {@code FROM:}/{@code TO:} gets 501; a command sent before its reply was due gets
         * 554 5.5.0. Default false: accept and record. (Failing a test because of a violation is
         * something else: {@code @SmtpServer(strict = true)} in the JUnit extension.)
         *
         * @param reject true to refuse, false to accept and record
         * @return this builder
         */
        public Builder rejectViolations(boolean reject) {
            s.rejectViolations = reject;
            return this;
        }

        /**
         * The most transcript lines one session records, and the most {@link SmtpEvent.CommandReceived}
         * events and protocol violations it records; beyond that they are only counted, and the
         * transcript ends with {@code ... 12,345 more lines not recorded} (see
         * {@link Transcript#linesNotRecorded()}). The client is still answered as usual and
         * listeners still get every event. Default 10,000 (a 660,000-NOOP flood then holds about
         * 3 MiB instead of filling the heap).
         *
         * @param lines the limit per session, at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code lines} is less than 1
         */
        public Builder maxRecordedLines(int lines) {
            s.maxRecordedLines = ReceiverSettings.atLeast("maxRecordedLines", 1, lines);
            return this;
        }

        /**
         * How many emails the mailbox keeps; when one more arrives the oldest is dropped and counted
         * ({@link Mailbox#droppedEmailCount()}), and so are the records (transcript, events,
         * violations) of every ended session that began no later than its session and holds no
         * retained email. For long-running receivers such as the standalone runner; tests keep
         * the default, unbounded ({@code Integer.MAX_VALUE}).
         *
         * @param emails the limit, at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code emails} is less than 1
         */
        public Builder maxRetainedEmails(int emails) {
            s.maxRetainedEmails = ReceiverSettings.atLeast("maxRetainedEmails", 1, emails);
            return this;
        }

        /**
         * Offers TLS: {@link TlsMode#STARTTLS} (RFC 3207; advertised after EHLO, not again once
         * active) or {@link TlsMode#IMPLICIT} (RFC 8314 "SMTPS": TLS from the first octet). TLS 1.2
         * and 1.3, with a certificate for localhost, 127.0.0.1, ::1 and the server name, signed by a
         * CA created once per JVM; {@link SmtpReceiver#javaMailProperties()} already trusts it.
         *
         * @param mode how to offer TLS
         * @return this builder
         */
        public Builder tls(TlsMode mode) {
            s.tlsMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Also listens on a second port for implicit TLS (RFC 8314 "SMTPS", as on port 465), next to
         * STARTTLS on {@link #port(int)}: one receiver, one mailbox, sessions on both. Needs
         * {@code tls(TlsMode.STARTTLS)}; read the bound port with {@link SmtpReceiver#smtpsPort()}.
         * {@link SmtpReceiver#javaMailProperties()} stays for the main (STARTTLS) port.
         *
         * @param port the second port, 0 for an ephemeral one (the normal case in tests)
         * @return this builder
         * @throws IllegalArgumentException when the port is outside 0-65535
         */
        public Builder implicitTlsPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("implicitTlsPort must be 0-65535 (0: an ephemeral port), not " + port);
            }
            s.implicitTlsPort = port;
            return this;
        }


        /**
         * Refuses MAIL and AUTH with {@code 530 5.7.0 Must issue a STARTTLS command first} until TLS
         * is active (RFC 3207 4). Needs {@link #tls(TlsMode)}.
         *
         * @param required whether TLS is required
         * @return this builder
         */
        public Builder requireTls(boolean required) {
            s.requireTls = required;
            return this;
        }

        /**
         * Asks TLS clients for a certificate ({@link ClientAuth#WANT}) or insists on one
         * ({@link ClientAuth#NEED}); the certificate is recorded with the TLS details.
         *
         * @param mode whether to ask
         * @return this builder
         */
        public Builder clientAuth(ClientAuth mode) {
            s.clientAuth = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Uses your own certificate instead of the generated one: the key store's private key entry
         * is the server's identity, its certificate entries the issuers trusted for client certificates.
         *
         * @param keyStore the key store
         * @param password its password (and the key's)
         * @return this builder
         */
        public Builder tlsKeyStore(KeyStore keyStore, char[] password) {
            s.ownTlsMaterial = ServerTls.fromKeyStore(keyStore, password);
            return this;
        }

        /**
         * Uses your own, initialized {@link SSLContext} for the server side of TLS.
         *
         * @param context the context
         * @return this builder
         */
        public Builder tlsContext(SSLContext context) {
            s.ownTlsMaterial = ServerTls.fromSslContext(context);
            return this;
        }

        /**
         * Offers AUTH (RFC 4954) with PLAIN, LOGIN, CRAM-MD5 and XOAUTH2, checking logins with
         * {@code policy} ({@link AuthPolicy#acceptAny()} records who logged in and accepts anyone).
         * The identity and mechanism are on the envelope of every email of the session. A failed
         * login is the scenario under test, not a protocol violation.
         *
         * @param policy which logins succeed
         * @return this builder
         */
        public Builder auth(AuthPolicy policy) {
            s.authPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Refuses MAIL with {@code 530 5.7.0 Authentication required} until the client logged in.
         * Turns AUTH on with {@link AuthPolicy#acceptAny()} unless {@link #auth(AuthPolicy)} chose a policy.
         *
         * @param required whether a login is required
         * @return this builder
         */
        public Builder requireAuth(boolean required) {
            s.requireAuth = required;
            return this;
        }

        /**
         * The AUTH mechanisms offered, in the order of the EHLO line (default all four).
         *
         * @param mechanisms at least one
         * @return this builder
         */
        public Builder authMechanisms(AuthMechanism... mechanisms) {
            s.authMechanisms = List.of(mechanisms);
            return this;
        }

        /**
         * Refuses the mechanisms that send a reusable secret (PLAIN, LOGIN, XOAUTH2) until TLS is
         * active, with {@code 538 5.7.11} (RFC 4954 4), and leaves them out of EHLO until then.
         *
         * @param needed whether those mechanisms need TLS
         * @return this builder
         */
        public Builder authRequiresTls(boolean needed) {
            s.authNeedsTls = needed;
            return this;
        }

        /**
         * Ends the session with {@code 421 4.7.0} after this many failed logins (0: no limit, the default).
         *
         * @param limit 0 or more
         * @return this builder
         */
        public Builder maxAuthFailures(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("maxAuthFailures must be 0 (no limit) or more, was " + limit);
            }
            s.maxAuthFailures = limit;
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
            s.maxCommandsWithoutTransaction = ReceiverSettings.atLeast("maxCommandsWithoutTransaction", 1, limit);
            return this;
        }

        /**
         * Hands each accepted email to {@code handler} before it is recorded and before the client
         * hears 250; an {@link IOException} from it refuses the email with 452 4.3.1 (see
         * {@link DeliveryHandler}). Default: none, every accepted email is recorded. A second call
         * replaces the first handler.
         *
         * @param handler the handler
         * @return this builder
         * @throws NullPointerException when {@code handler} is null
         */
        public Builder deliveryHandler(DeliveryHandler handler) {
            s.deliveryHandler = Objects.requireNonNull(handler, "deliveryHandler");
            return this;
        }

        /**
         * Forwards each accepted email, after the delivery handler took it and before it is
         * recorded, with {@code sender} to its envelope recipients (exact octets, reverse path and
         * DSN parameters); the result is {@link ReceivedEmail#relayResult()}. It runs on the
         * session's thread: the client's 250 waits for it (bounded by the sender's timeouts) but
         * does not depend on its outcome. Only for a target on this machine (loopback); elsewhere use
         * {@link #relay(SmtpSender, Pattern)} with an allow-list.
         *
         * @param sender the sender to relay with
         * @return this builder
         * @throws IllegalArgumentException when the sender's target is not a loopback address
         */
        public Builder relay(SmtpSender sender) {
            s.relay = Relay.of(Objects.requireNonNull(sender, "sender"), null);
            return this;
        }

        /**
         * Like {@link #relay(SmtpSender)}, to the recipients {@code allowedRecipients} matches as a
         * whole ({@link java.util.regex.Matcher#matches()}) only; the others are not sent and show
         * as {@code NOT_SENT} in the result. Required for a target off this machine.
         *
         * @param sender            the sender to relay with
         * @param allowedRecipients the recipients that may get mail, for example {@code .*@example\.test}
         * @return this builder
         */
        public Builder relay(SmtpSender sender, Pattern allowedRecipients) {
            s.relay = Relay.of(Objects.requireNonNull(sender, "sender"),
                    Objects.requireNonNull(allowedRecipients, "allowedRecipients"));
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
            s.listeners.add(Objects.requireNonNull(listener, "listener"));
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
            s.scripts.add(Objects.requireNonNull(setup, "setup"));
            return this;
        }

        /**
         * Builds a receiver that is not started yet. The receiver takes a copy of the settings, so
         * later changes to this builder do not affect it.
         *
         * @return a new receiver
         */
        public SmtpReceiver build() {
            return new SmtpReceiver(s.copy());
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
