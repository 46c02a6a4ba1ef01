package dev.smtptestkit;

import dev.smtptestkit.internal.client.ClientSession;
import dev.smtptestkit.internal.client.SenderConfig;
import dev.smtptestkit.internal.client.Stops;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The receiver's companion: an SMTP client that delivers messages to one server and says what
 * happened to each recipient, with its own transcript of the dialogue. It speaks the protocol as
 * strictly as {@link SmtpReceiver} checks it: EHLO (HELO when the server does not know EHLO),
 * SIZE checked before sending, PIPELINING groups (RFC 2920), BODY=8BITMIME and SMTPUTF8 set when
 * the content or the addresses need them (and a clear local failure when the server does not offer
 * them), BDAT when asked and offered, DSN parameters, dot-stuffing, STARTTLS or implicit TLS, and
 * AUTH PLAIN, LOGIN, CRAM-MD5 and XOAUTH2. Immutable and thread-safe; every call opens its own
 * connection.
 *
 * <pre>{@code
 * SmtpSender sender = SmtpSender.to("127.0.0.1", 2525)
 *         .tls(TlsMode.STARTTLS)
 *         .login(AuthMechanism.PLAIN, "alice", "s3cret")
 *         .build();
 * DeliveryResult result = sender.send(OutgoingEmail.of("app@example.test", List.of("bob@example.test"),
 *         "Subject: Hi\r\n\r\nHello\r\n".getBytes(StandardCharsets.US_ASCII)));
 * assertThat(result.isDelivered()).as(result.summary()).isTrue();
 * }</pre>
 *
 * <p>A problem is a result, not an exception: a refused recipient, a refused message, a dropped
 * connection or a timeout is described in the {@link DeliveryResult} (what, where, the reply).
 *
 * <p>(Why about 400 lines: the public face and its nested builder, one documented method per setting;
 * the SMTP client itself is in {@code internal.client} ({@code ClientSession}, {@code MailTransaction}).)
 */
public final class SmtpSender {

    /** Default limit for opening the connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default limit for each reply. */
    public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(30);
    /** Default limit for a whole call: connect, every message, QUIT. */
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    private final SenderConfig config;

    private SmtpSender(SenderConfig config) {
        this.config = config;
    }

    /**
     * A builder for a sender to {@code host:port}, in plain text until {@link Builder#tls} says otherwise.
     *
     * @param host the server's host name or address
     * @param port the server's port, 1 to 65535
     * @return a new builder
     * @throws IllegalArgumentException when the port is out of range
     */
    public static Builder to(String host, int port) {
        return new Builder(host, port);
    }

    /**
     * A builder for a sender to a running receiver, with its TLS mode and a trust of its
     * certificate already set; STARTTLS, if the receiver offers it, is required.
     *
     * @param receiver the started receiver
     * @return a new builder
     * @throws IllegalStateException when the receiver is not started
     */
    public static Builder to(SmtpReceiver receiver) {
        Builder b = new Builder(receiver.host(), receiver.port());
        b.tls = receiver.tlsMode();
        if (receiver.tlsMode() != TlsMode.NONE) {
            b.sslContext = receiver.clientSslContext();
        }
        return b;
    }

    /**
     * Delivers one message.
     *
     * @param email the message
     * @return what happened
     */
    public DeliveryResult send(OutgoingEmail email) {
        return sendAll(List.of(email)).get(0);
    }

    /**
     * Delivers a Jakarta Mail message (see {@link OutgoingEmail#of(MimeMessage)}).
     *
     * @param message the message
     * @return what happened
     * @throws MessagingException when the message cannot be written
     */
    public DeliveryResult send(MimeMessage message) throws MessagingException {
        return send(OutgoingEmail.of(message));
    }

    /**
     * Delivers a recorded email with its exact octets to its own envelope recipients.
     *
     * @param email the email
     * @return what happened
     */
    public DeliveryResult send(ReceivedEmail email) {
        return send(OutgoingEmail.of(email));
    }

    /**
     * Releases a recorded email to other recipients (Mailpit's "release"): its exact octets and its
     * reverse path, to the given recipients only.
     *
     * @param email      the recorded email
     * @param recipients where it should go, at least one
     * @return what happened
     */
    public DeliveryResult release(ReceivedEmail email, List<String> recipients) {
        return send(OutgoingEmail.of(email).withRecipients(recipients));
    }

    /**
     * Delivers several messages over one connection, one transaction each. When the connection is
     * lost, the messages after it are not attempted and their results say why.
     *
     * @param emails the messages, in order
     * @return one result per message, in order
     */
    public List<DeliveryResult> sendAll(List<OutgoingEmail> emails) {
        List<OutgoingEmail> copy = List.copyOf(emails);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("sendAll needs at least one OutgoingEmail");
        }
        return ClientSession.deliver(config, copy);
    }

    // For the receiver's relay: one delivery that the receiver's close() can stop.
    DeliveryResult send(OutgoingEmail email, Stops stops) {
        return ClientSession.deliver(config, List.of(email), stops).get(0);
    }

    /**
     * Where this sender delivers.
     *
     * @return {@code host:port}
     */
    public String target() {
        return config.target();
    }

    /**
     * Whether every address of the target host is a loopback address, so mail cannot leave this
     * machine. A name that does not resolve counts as not loopback.
     *
     * @return true for {@code 127.0.0.1}, {@code ::1} and {@code localhost}
     */
    public boolean isLoopbackTarget() {
        try {
            InetAddress[] all = InetAddress.getAllByName(config.host());
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "SmtpSender{" + config.target() + ", tls=" + config.tls()
                + (config.tls() == TlsMode.STARTTLS && !config.requireTls() ? " (opportunistic)" : "")
                + config.login().map(l -> ", login=" + l.mechanism().saslName() + " " + l.user()).orElse("") + "}";
    }

    /**
     * Configures an {@link SmtpSender}. Every setting has one method and one default.
     *
     * <pre>{@code
     * SmtpSender sender = SmtpSender.to("mail.example.test", 587)
     *         .tls(TlsMode.STARTTLS).login(AuthMechanism.LOGIN, "app", secret)
     *         .replyTimeout(Duration.ofSeconds(10)).build();
     * }</pre>
     */
    public static final class Builder {
        private final String host;
        private final int port;
        private TlsMode tls = TlsMode.NONE;
        private boolean requireTls = true;
        private SSLContext sslContext;
        private boolean verifyHostname = true;
        private SenderConfig.Login login;
        private String heloName = "localhost";
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration replyTimeout = DEFAULT_REPLY_TIMEOUT;
        private Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
        private boolean pipelining = true;
        private boolean chunking;
        private boolean normalizeLineEndings;

        private Builder(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("The host is blank: give the server's name or address");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
            }
            this.port = port;
        }

        /**
         * How to use TLS: {@link TlsMode#NONE} (default), {@link TlsMode#STARTTLS} (RFC 3207) or
         * {@link TlsMode#IMPLICIT} (RFC 8314 3.3, port 465 style).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder tls(TlsMode mode) {
            this.tls = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * With STARTTLS: whether a server that does not offer it (or refuses it) fails the delivery
         * (true, the default) or gets the mail in plain text (false, opportunistic TLS).
         *
         * @param required whether TLS is required
         * @return this builder
         */
        public Builder requireTls(boolean required) {
            this.requireTls = required;
            return this;
        }

        /**
         * The trust (and client key) for TLS. Default: the JVM's default context; for a receiver
         * use {@link SmtpReceiver#clientSslContext()} (or {@link SmtpSender#to(SmtpReceiver)}).
         *
         * @param context the context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Whether the server certificate must be issued for the host name given in
         * {@link SmtpSender#to(String, int)} (RFC 6125; RFC 8314 4.1). Default true.
         *
         * @param verify whether to check
         * @return this builder
         */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /**
         * Logs in after EHLO (and after STARTTLS) with AUTH (RFC 4954). The delivery fails before
         * MAIL when the server does not offer AUTH or this mechanism. The secret never appears in
         * a transcript, result or {@code toString()}.
         *
         * @param mechanism PLAIN, LOGIN, CRAM-MD5 or XOAUTH2
         * @param user      the user name
         * @param secret    the password, or for XOAUTH2 the bearer token
         * @return this builder
         */
        public Builder login(AuthMechanism mechanism, String user, String secret) {
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(secret, "secret");
            if (user.isEmpty()) {
                throw new IllegalArgumentException("The login user name is empty: give the user to log in as");
            }
            this.login = new SenderConfig.Login(mechanism, user, secret);
            return this;
        }

        /**
         * The name given in EHLO and HELO. Default {@code localhost}.
         *
         * @param name a domain or address literal
         * @return this builder
         */
        public Builder heloName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || name.contains(" ") || name.contains("\r") || name.contains("\n")) {
                throw new IllegalArgumentException("The EHLO name \"" + name + "\" must be one word, such as "
                        + "client.example.test or [127.0.0.1]");
            }
            this.heloName = name;
            return this;
        }

        /**
         * Limit for opening the TCP connection. Default {@link #DEFAULT_CONNECT_TIMEOUT 10 s}.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Limit for each reply (and a TLS handshake). Default {@link #DEFAULT_REPLY_TIMEOUT 30 s}.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder replyTimeout(Duration timeout) {
            this.replyTimeout = positive(timeout, "replyTimeout");
            return this;
        }

        /**
         * Limit for one call as a whole, connect to QUIT, however the server trickles its replies
         * or stops reading. Default {@link #DEFAULT_DELIVERY_TIMEOUT 2 min}.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder deliveryTimeout(Duration timeout) {
            this.deliveryTimeout = positive(timeout, "deliveryTimeout");
            return this;
        }

        /**
         * Whether to send MAIL, RCPT and DATA as one group when the server offers PIPELINING
         * (RFC 2920). Default true.
         *
         * @param enabled whether to pipeline
         * @return this builder
         */
        public Builder pipelining(boolean enabled) {
            this.pipelining = enabled;
            return this;
        }

        /**
         * Whether to send the message with {@code BDAT n LAST} (RFC 3030) instead of DATA when the
         * server offers CHUNKING; without CHUNKING, DATA is used. Default false.
         *
         * @param enabled whether to use BDAT
         * @return this builder
         */
        public Builder chunking(boolean enabled) {
            this.chunking = enabled;
            return this;
        }

        /**
         * Whether to turn bare CR and bare LF in the message into CRLF before sending (RFC 5321
         * 2.3.8). Default false: the octets go as they are, so a test can send bad line endings.
         *
         * @param enabled whether to normalise
         * @return this builder
         */
        public Builder normalizeLineEndings(boolean enabled) {
            this.normalizeLineEndings = enabled;
            return this;
        }

        /**
         * The sender.
         *
         * @return a new, immutable sender
         */
        public SmtpSender build() {
            SSLContext context = sslContext;
            if (context == null) {
                try {
                    context = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("This JVM has no default SSLContext: give one with sslContext(...)",
                            e);
                }
            }
            return new SmtpSender(new SenderConfig(host, port, tls, requireTls, context, verifyHostname,
                    Optional.ofNullable(login), heloName, connectTimeout, replyTimeout, deliveryTimeout, pipelining,
                    chunking, normalizeLineEndings));
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
