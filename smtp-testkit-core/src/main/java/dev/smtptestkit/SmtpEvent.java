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
     * A session ended.
     *
     * @param time      when
     * @param sessionId the session
     * @param reason    why it ended
     * @param detail    a human-readable detail (the exception message for {@code IO_ERROR}), may be empty
     */
    record ClientDisconnected(Instant time, String sessionId, DisconnectReason reason, String detail)
            implements SmtpEvent {
        /**
         * Checks the components.
         *
         * @param time      when
         * @param sessionId the session
         * @param reason    why it ended
         * @param detail    a human-readable detail, may be empty
         * @throws NullPointerException when time, sessionId, reason or detail is null
         */
        public ClientDisconnected {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
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
