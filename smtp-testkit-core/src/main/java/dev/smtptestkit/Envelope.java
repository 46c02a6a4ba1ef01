package dev.smtptestkit;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SMTP envelope of one accepted message: what the client said in the dialogue, as opposed to
 * the headers inside the message. Bcc recipients appear here and nowhere in the headers.
 *
 * <pre>{@code
 * Envelope envelope = mailbox.singleEmail().envelope();
 * assertThat(envelope.recipients()).containsExactly("to@example.com", "bcc@example.com");
 * }</pre>
 *
 * <p>A value: immutable, compared by its contents. It is a class rather than a record so that it can
 * gain facts (TLS, AUTH) without breaking callers; build one with {@link #builder()}:
 *
 * <pre>{@code
 * Envelope envelope = Envelope.builder()
 *         .sender("app@example.com")
 *         .recipient("to@example.com")
 *         .recipient("bcc@example.com", Map.of("NOTIFY", "NEVER"))
 *         .build();
 * }</pre>
 *
 * <p>(Why over 300 lines: a growable value (STYLE: no public record constructor) needs its accessors,
 * its {@link Builder}, equals/hashCode/toString and their Javadoc on one type; there is no logic to move.)
 */
public final class Envelope {

    private final String sender;
    private final Map<String, String> senderParameters;
    private final List<String> recipients;
    private final List<Map<String, String>> recipientParameters;
    private final String heloName;
    private final boolean extended;
    private final String sessionId;
    private final InetSocketAddress clientAddress;
    private final TlsDetails tls;
    private final AuthDetails auth;

    private Envelope(Builder b) {
        this.sender = b.sender;
        this.senderParameters = Map.copyOf(b.senderParameters);
        this.recipients = List.copyOf(b.recipients);
        this.recipientParameters = List.copyOf(b.recipientParameters);
        this.heloName = b.heloName;
        this.extended = b.extended;
        this.sessionId = b.sessionId;
        this.clientAddress = b.clientAddress;
        this.tls = b.tls;
        this.auth = b.auth;
    }

    /**
     * What TLS negotiated on the connection this email came over (RFC 3207, RFC 8314).
     *
     * @return protocol, cipher suite, SNI name and client certificate; empty when sent in the clear
     */
    public Optional<TlsDetails> tls() {
        return Optional.ofNullable(tls);
    }

    /**
     * Who logged in (RFC 4954) on the session this email came over, and with which mechanism.
     *
     * @return the identity and mechanism, never a secret; empty when the client did not log in
     */
    public Optional<AuthDetails> auth() {
        return Optional.ofNullable(auth);
    }

    /**
     * A builder; {@link Builder#sender} and at least one {@link Builder#recipient} are required.
     *
     * @return a new, empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The reverse path of {@code MAIL FROM}.
     *
     * @return the address, {@code ""} for the null path {@code <>}
     */
    public String sender() {
        return sender;
    }

    /**
     * The MAIL parameters, such as {@code SIZE} or {@code BODY}.
     *
     * @return an immutable map, keys upper case; a parameter without value maps to ""
     */
    public Map<String, String> senderParameters() {
        return senderParameters;
    }

    /**
     * Every accepted {@code RCPT TO} forward path, in order (source routes removed).
     *
     * @return an immutable list, never empty
     */
    public List<String> recipients() {
        return recipients;
    }

    /**
     * The RCPT parameters of each recipient (such as {@code NOTIFY}), in the order of {@link #recipients()}.
     *
     * @return an immutable list of immutable maps, one per recipient, keys upper case
     */
    public List<Map<String, String>> recipientParameters() {
        return recipientParameters;
    }

    /**
     * The name the client gave in EHLO or HELO.
     *
     * @return the name, "" when not known
     */
    public String heloName() {
        return heloName;
    }

    /**
     * Whether the session began with EHLO (extended SMTP) rather than HELO.
     *
     * @return true after EHLO, false after HELO
     */
    public boolean extended() {
        return extended;
    }

    /**
     * The session that sent the message, as in the events and {@link Mailbox#transcript(String)}.
     *
     * @return the session id, "" when not known
     */
    public String sessionId() {
        return sessionId;
    }

    /**
     * The client's address and port.
     *
     * @return the address, or null when not known
     */
    public InetSocketAddress clientAddress() {
        return clientAddress;
    }

    /**
     * Whether this is a bounce: the reverse path was the null path {@code <>}.
     *
     * @return true when {@link #sender()} is ""
     */
    public boolean isBounce() {
        return sender.isEmpty();
    }

    /**
     * The value of a MAIL parameter such as {@code SIZE} or {@code BODY}.
     *
     * @param keyword the parameter name, case-insensitive
     * @return the value ("" for a parameter without value), or null when the client did not send it
     */
    public String senderParameter(String keyword) {
        return senderParameters.get(keyword.toUpperCase(Locale.ROOT));
    }

    /**
     * Equal when every fact is equal.
     *
     * @param o the other object
     * @return whether {@code o} is an envelope with the same contents
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope e && extended == e.extended && sender.equals(e.sender)
                && senderParameters.equals(e.senderParameters) && recipients.equals(e.recipients)
                && recipientParameters.equals(e.recipientParameters) && heloName.equals(e.heloName)
                && sessionId.equals(e.sessionId) && Objects.equals(clientAddress, e.clientAddress)
                && Objects.equals(tls, e.tls) && Objects.equals(auth, e.auth);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sender, senderParameters, recipients, recipientParameters, heloName, extended,
                sessionId, clientAddress, tls, auth);
    }

    @Override
    public String toString() {
        return "Envelope[sender=" + sender + ", senderParameters=" + senderParameters + ", recipients=" + recipients
                + ", recipientParameters=" + recipientParameters + ", heloName=" + heloName + ", extended=" + extended
                + ", sessionId=" + sessionId + ", clientAddress=" + clientAddress
                + (tls == null ? "" : ", tls=" + tls) + (auth == null ? "" : ", auth=" + auth) + "]";
    }

    /** Collects the facts of an {@link Envelope}; one method per fact, each returning this builder. */
    public static final class Builder {
        private String sender;
        private final Map<String, String> senderParameters = new LinkedHashMap<>();
        private final List<String> recipients = new ArrayList<>();
        private final List<Map<String, String>> recipientParameters = new ArrayList<>();
        private String heloName = "";
        private boolean extended = true;
        private String sessionId = "";
        private InetSocketAddress clientAddress;
        private TlsDetails tls;
        private AuthDetails auth;

        private Builder() {
        }

        /**
         * What TLS negotiated, or null for a message sent in the clear.
         *
         * @param details the TLS details, or null
         * @return this builder
         */
        public Builder tls(TlsDetails details) {
            this.tls = details;
            return this;
        }

        /**
         * Who logged in, or null when the client did not.
         *
         * @param details the AUTH details, or null
         * @return this builder
         */
        public Builder auth(AuthDetails details) {
            this.auth = details;
            return this;
        }

        /**
         * The reverse path. Required.
         *
         * @param address the address without angle brackets, "" for the null path {@code <>}
         * @return this builder
         * @throws NullPointerException when {@code address} is null
         */
        public Builder sender(String address) {
            this.sender = Objects.requireNonNull(address, "sender");
            return this;
        }

        /**
         * Adds a MAIL parameter (RFC 5321 4.1.2 esmtp-keyword, compared case-insensitively).
         *
         * @param keyword the parameter name; stored upper case
         * @param value   the value, "" for a parameter without value
         * @return this builder
         * @throws NullPointerException when an argument is null
         */
        public Builder senderParameter(String keyword, String value) {
            senderParameters.put(keyword.toUpperCase(Locale.ROOT), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds MAIL parameters, as {@link #senderParameter} does for each entry.
         *
         * @param parameters the parameters
         * @return this builder
         * @throws NullPointerException when the map, a key or a value is null
         */
        public Builder senderParameters(Map<String, String> parameters) {
            parameters.forEach(this::senderParameter);
            return this;
        }

        /**
         * Adds a recipient without parameters.
         *
         * @param address the forward path without angle brackets
         * @return this builder
         * @throws NullPointerException when {@code address} is null
         */
        public Builder recipient(String address) {
            return recipient(address, Map.of());
        }

        /**
         * Adds a recipient with its RCPT parameters.
         *
         * @param address    the forward path without angle brackets
         * @param parameters the RCPT parameters; keys are stored upper case
         * @return this builder
         * @throws NullPointerException when an argument, a key or a value is null
         */
        public Builder recipient(String address, Map<String, String> parameters) {
            Map<String, String> upper = new LinkedHashMap<>();
            parameters.forEach((k, v) -> upper.put(k.toUpperCase(Locale.ROOT), Objects.requireNonNull(v, "value")));
            recipients.add(Objects.requireNonNull(address, "recipient"));
            recipientParameters.add(Map.copyOf(upper));
            return this;
        }

        /**
         * The EHLO or HELO name. Default "".
         *
         * @param name the name
         * @return this builder
         * @throws NullPointerException when {@code name} is null
         */
        public Builder heloName(String name) {
            this.heloName = Objects.requireNonNull(name, "heloName");
            return this;
        }

        /**
         * Whether the session began with EHLO. Default true.
         *
         * @param extended true for EHLO, false for HELO
         * @return this builder
         */
        public Builder extended(boolean extended) {
            this.extended = extended;
            return this;
        }

        /**
         * The session id. Default "".
         *
         * @param sessionId the id
         * @return this builder
         * @throws NullPointerException when {@code sessionId} is null
         */
        public Builder sessionId(String sessionId) {
            this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
            return this;
        }

        /**
         * The client's address. Default none (null).
         *
         * @param address the address and port, or null
         * @return this builder
         */
        public Builder clientAddress(InetSocketAddress address) {
            this.clientAddress = address;
            return this;
        }

        /**
         * Builds the envelope; the builder can be used again afterwards.
         *
         * @return a new, immutable envelope
         * @throws IllegalStateException when the sender or every recipient is missing
         */
        public Envelope build() {
            if (sender == null) {
                throw new IllegalStateException("An envelope needs a sender: call sender(address), or sender(\"\") "
                        + "for the null reverse path <>.");
            }
            if (recipients.isEmpty()) {
                throw new IllegalStateException("An envelope needs at least one recipient: call recipient(address).");
            }
            return new Envelope(this);
        }
    }
}
