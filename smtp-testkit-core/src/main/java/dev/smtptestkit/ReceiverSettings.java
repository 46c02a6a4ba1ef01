package dev.smtptestkit;

import dev.smtptestkit.internal.auth.AuthConfig;
import dev.smtptestkit.internal.net.ConnectionConfig;
import dev.smtptestkit.internal.protocol.SessionConfig;
import dev.smtptestkit.internal.protocol.TlsPolicy;
import dev.smtptestkit.internal.tls.ServerTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a {@link SmtpReceiver.Builder} collects: the settings, their defaults, their checks, and the
 * engine configuration made of them. The builder is the documented face (one method per setting);
 * a receiver keeps its own copy, so a builder reused after {@code build()} changes nothing that runs.
 */
final class ReceiverSettings {
    String host = "127.0.0.1";
    int port;
    String serverName = "localhost";
    long maxMessageSize = 64L * 1024 * 1024;
    int maxRecipients = 1000;
    int maxCommandLineLength = 1024;
    Duration idleTimeout = Duration.ofSeconds(60);
    int maxSessions = 2000;
    int backlog = 1024;
    int maxCommandsWithoutTransaction = SessionConfig.DEFAULT_MAX_JUNK_COMMANDS;
    TlsMode tlsMode = TlsMode.NONE;
    int implicitTlsPort = -1; // -1: no second port
    boolean requireTls;
    ClientAuth clientAuth = ClientAuth.NONE;
    ServerTls ownTlsMaterial; // null: the certificate generated once per JVM
    AuthPolicy authPolicy;
    boolean requireAuth;
    List<AuthMechanism> authMechanisms = List.of(AuthMechanism.values());
    boolean authNeedsTls;
    int maxAuthFailures;
    DeliveryHandler deliveryHandler;
    Relay relay;
    boolean rejectViolations;
    int maxRecordedLines = 10_000;
    int maxRetainedEmails = Integer.MAX_VALUE;
    final List<SmtpListener> listeners = new ArrayList<>();
    final List<Consumer<SmtpScript>> scripts = new ArrayList<>();

    ReceiverSettings copy() {
        ReceiverSettings s = new ReceiverSettings();
        s.host = host;
        s.port = port;
        s.serverName = serverName;
        s.maxMessageSize = maxMessageSize;
        s.maxRecipients = maxRecipients;
        s.maxCommandLineLength = maxCommandLineLength;
        s.idleTimeout = idleTimeout;
        s.maxSessions = maxSessions;
        s.backlog = backlog;
        s.maxCommandsWithoutTransaction = maxCommandsWithoutTransaction;
        s.tlsMode = tlsMode;
        s.implicitTlsPort = implicitTlsPort;
        s.requireTls = requireTls;
        s.clientAuth = clientAuth;
        s.ownTlsMaterial = ownTlsMaterial;
        s.authPolicy = authPolicy;
        s.requireAuth = requireAuth;
        s.authMechanisms = authMechanisms;
        s.authNeedsTls = authNeedsTls;
        s.maxAuthFailures = maxAuthFailures;
        s.deliveryHandler = deliveryHandler;
        s.relay = relay;
        s.rejectViolations = rejectViolations;
        s.maxRecordedLines = maxRecordedLines;
        s.maxRetainedEmails = maxRetainedEmails;
        s.listeners.addAll(listeners);
        s.scripts.addAll(scripts);
        return s;
    }

    /** The check of every "at least N" count: {@code name must be at least min, was value}. */
    static int atLeast(String name, int min, int value) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /** Whether the user brought the certificate (then trusting it is the user's business). */
    boolean ownTls() {
        return ownTlsMaterial != null;
    }

    /** The protocol engine's settings. */
    SessionConfig sessionConfig() {
        return new SessionConfig(serverName, maxMessageSize, maxRecipients, maxCommandLineLength, rejectViolations)
                .withMaxJunkCommands(maxCommandsWithoutTransaction)
                .withAuth(authConfig())
                .withTls(new TlsPolicy(tlsMode == TlsMode.STARTTLS, tlsMode == TlsMode.IMPLICIT, requireTls));
    }

    /** The network side's settings, the engine's included. */
    ConnectionConfig connectionConfig() {
        return new ConnectionConfig(sessionConfig(), idleTimeout, maxSessions, backlog, serverTls(), clientAuth);
    }

    /** The second (implicit TLS) port, or -1 for none. */
    int implicitTlsPort() {
        if (implicitTlsPort >= 0 && tlsMode != TlsMode.STARTTLS) {
            throw new IllegalStateException("implicitTlsPort(" + implicitTlsPort + ") needs tls(TlsMode.STARTTLS): the"
                    + " main port offers STARTTLS and the second one implicit TLS; was tls(TlsMode." + tlsMode + ")");
        }
        return implicitTlsPort;
    }

    /**
     * The second port's settings (RFC 8314 3.3: TLS from the first octet, no STARTTLS there), made
     * from the main port's {@link #connectionConfig()} (same engine settings and certificate), or null.
     */
    ConnectionConfig implicitTlsConfig(ConnectionConfig main) {
        if (implicitTlsPort() < 0) {
            return null;
        }
        return new ConnectionConfig(main.session().withTls(new TlsPolicy(false, true, requireTls)), idleTimeout,
                maxSessions, backlog, main.tls(), clientAuth);
    }

    AuthConfig authConfig() {
        boolean enabled = authPolicy != null || requireAuth;
        if (!enabled) {
            return AuthConfig.disabled();
        }
        return new AuthConfig(true, requireAuth, authMechanisms, !authNeedsTls,
                authPolicy != null ? authPolicy : AuthPolicy.acceptAny(), maxAuthFailures);
    }

    ServerTls serverTls() {
        if (requireTls && tlsMode == TlsMode.NONE) {
            throw new IllegalStateException("requireTls(true) needs TLS: call tls(TlsMode.STARTTLS) or "
                    + "tls(TlsMode.IMPLICIT) too");
        }
        if (tlsMode == TlsMode.NONE) {
            return null;
        }
        return ownTlsMaterial != null ? ownTlsMaterial : ServerTls.generated(serverName);
    }
}
