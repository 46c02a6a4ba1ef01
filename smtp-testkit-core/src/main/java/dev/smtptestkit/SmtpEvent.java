package dev.smtptestkit;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened in a receiver: the six events, delivered to every {@link SmtpListener} and recorded
 * in order in {@link Mailbox#events()}.
 *
 * <pre>{@code
 * for (SmtpEvent event : mailbox.events()) {
 *     if (event instanceof SmtpEvent.ClientDisconnected d) {
 *         System.out.println(d.sessionId() + " ended: " + d.reason());
 *     }
 * }
 * }</pre>
 */
public sealed interface SmtpEvent {

    /**
     * When the event happened.
     *
     * @return the time
     */
    Instant time();

    /**
     * The session the event belongs to.
     *
     * @return the session id; empty for {@link ServerStarted} and {@link ServerStopped}
     */
    default Optional<String> session() {
        return Optional.empty();
    }

    /**
     * The receiver is bound and accepting connections.
     *
     * @param time when
     * @param host the address it listens on
     * @param port the bound port
     */
    record ServerStarted(Instant time, String host, int port) implements SmtpEvent {
        /**
         * Checks the components.
         *
         * @param time when
         * @param host the address it listens on
         * @param port the bound port
         * @throws NullPointerException when time or host is null
         */
        public ServerStarted {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(host, "host");
        }
    }

    /**
     * A client connected and a session began.
     *
     * @param time          when
     * @param sessionId     the new session
     * @param clientAddress the client's address and port
     */
    record ClientConnected(Instant time, String sessionId, InetSocketAddress clientAddress) implements SmtpEvent {
        /**
         * Checks the components.
         *
         * @param time          when
         * @param sessionId     the new session
         * @param clientAddress the client's address and port
         * @throws NullPointerException when time or sessionId is null
         */
        public ClientConnected {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(sessionId, "sessionId");
        }

        @Override
        public Optional<String> session() {
            return Optional.of(sessionId);
        }
    }

    /**
     * A session ended. It carries what the session negotiated and who logged in, so the event log
     * shows TLS and AUTH also for sessions that sent no mail: {@link #tls()} is what the TLS
     * handshake negotiated (STARTTLS, RFC 3207, or implicit TLS, RFC 8314; protocol, cipher suite,
     * SNI host name, the client's certificate), {@link #auth()} the login in effect when the session
     * ended (RFC 4954; user, authorization identity, mechanism; never a password, token or digest).
     * Both are what the envelope of an email sent at that point would carry: a STARTTLS forgets
     * a login made before it (RFC 3207 4.2), and a session that ended in a failed handshake
     * ({@link DisconnectReason#TLS_FAILED}, the alert in {@link #detail()}) has no TLS details.
     *
     * <pre>{@code
     * SmtpEvent.ClientDisconnected ended = mailbox.events(SmtpEvent.ClientDisconnected.class).get(0);
     * assertThat(ended.tls().map(TlsDetails::protocol)).contains("TLSv1.3");
     * assertThat(ended.auth().map(AuthDetails::user)).contains("alice");
     * }</pre>
     *
     * @param time      when
     * @param sessionId the session
     * @param reason    why it ended
     * @param detail    a human-readable detail (the exception message for {@code IO_ERROR}, the
     *                  alert or cause for {@code TLS_FAILED}), may be empty
     * @param tls       what TLS negotiated, empty when the session stayed in the clear
     * @param auth      who was logged in when the session ended, empty when nobody was
     */
    record ClientDisconnected(Instant time, String sessionId, DisconnectReason reason, String detail,
                              Optional<TlsDetails> tls, Optional<AuthDetails> auth)
            implements SmtpEvent {
        /**
         * Checks the components.
         *
         * @param time      when
         * @param sessionId the session
         * @param reason    why it ended
         * @param detail    a human-readable detail, may be empty
         * @param tls       what TLS negotiated, or empty
         * @param auth      who was logged in, or empty
         * @throws NullPointerException when a component is null
         */
        public ClientDisconnected {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(auth, "auth");
        }

        /**
         * A session that used neither TLS nor AUTH.
         *
         * @param time      when
         * @param sessionId the session
         * @param reason    why it ended
         * @param detail    a human-readable detail, may be empty
         * @throws NullPointerException when a component is null
         */
        public ClientDisconnected(Instant time, String sessionId, DisconnectReason reason, String detail) {
            this(time, sessionId, reason, detail, Optional.empty(), Optional.empty());
        }

        @Override
        public Optional<String> session() {
            return Optional.of(sessionId);
        }
    }

    /**
     * The client sent a command line and the receiver answered it.
     *
     * @param time      when the command was read
     * @param sessionId the session
     * @param command   the command line as received, without CRLF
     * @param replyCode the reply's code, for example 250
     * @param reply     the reply as sent, lines joined with {@code \n}, without CRLF
     * @param scripted  whether the receiver's {@link SmtpScript} chose the reply (a scripted code,
     *                  a delay, a throttle, a fault after it) instead of the receiver answering on
     *                  its own; a scripted reply is never a protocol violation of the client
     */
    record CommandReceived(Instant time, String sessionId, String command, int replyCode, String reply,
                           boolean scripted) implements SmtpEvent {
        /**
         * Checks the components.
         *
         * @param time      when the command was read
         * @param sessionId the session
         * @param command   the command line without CRLF
         * @param replyCode the reply's code
         * @param reply     the reply as sent, lines joined with {@code \n}
         * @param scripted  whether a script chose the reply
         * @throws NullPointerException when time, sessionId, command or reply is null
         */
        public CommandReceived {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(reply, "reply");
        }

        /**
         * A command the receiver answered on its own (not scripted).
         *
         * @param time      when the command was read
         * @param sessionId the session
         * @param command   the command line without CRLF
         * @param replyCode the reply's code
         * @param reply     the reply as sent, lines joined with {@code \n}
         * @throws NullPointerException when time, sessionId, command or reply is null
         */
        public CommandReceived(Instant time, String sessionId, String command, int replyCode, String reply) {
            this(time, sessionId, command, replyCode, reply, false);
        }

        @Override
        public Optional<String> session() {
            return Optional.of(sessionId);
        }
    }

    /**
     * A complete message was accepted; it is in the mailbox before the client sees the final 250.
     *
     * @param time      when
     * @param sessionId the session
     * @param email     the message
     */
    record EmailReceived(Instant time, String sessionId, ReceivedEmail email) implements SmtpEvent {
        /**
         * Checks the components.
         *
         * @param time      when
         * @param sessionId the session
         * @param email     the message
         * @throws NullPointerException when time, sessionId or email is null
         */
        public EmailReceived {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(email, "email");
        }

        @Override
        public Optional<String> session() {
            return Optional.of(sessionId);
        }
    }

    /**
     * The receiver stopped: the listening socket and every session are closed.
     *
     * @param time when
     * @param host the address it listened on
     * @param port the port it listened on
     */
    record ServerStopped(Instant time, String host, int port) implements SmtpEvent {
        /**
         * Checks the components.
         *
         * @param time when
         * @param host the address it listened on
         * @param port the port it listened on
         * @throws NullPointerException when time or host is null
         */
        public ServerStopped {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(host, "host");
        }
    }
}
