package dev.smtptestkit.internal.protocol;

/**
 * What the session offers and insists on for TLS.
 *
 * @param startTls whether STARTTLS is offered (RFC 3207)
 * @param implicit whether the connection is TLS from its first octet (RFC 8314 3.3, "SMTPS")
 * @param required whether MAIL and AUTH are refused with 530 until TLS is active (RFC 3207 4)
 */
public record TlsPolicy(boolean startTls, boolean implicit, boolean required) {

    /** No TLS at all. */
    public static final TlsPolicy NONE = new TlsPolicy(false, false, false);

    /** Checks the combination. */
    public TlsPolicy {
        if (startTls && implicit) {
            throw new IllegalArgumentException("a connection is either implicit TLS or offers STARTTLS, not both");
        }
        if (required && !startTls && !implicit) {
            throw new IllegalArgumentException("TLS cannot be required while it is off: choose STARTTLS or implicit TLS");
        }
    }
}
