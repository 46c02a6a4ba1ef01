package dev.smtptestkit;

/** Whether the receiver asks a TLS client for a certificate (RFC 8446 4.3.2, RFC 5246 7.4.4). */
public enum ClientAuth {
    /** No certificate is requested. */
    NONE,
    /** A certificate is requested; a client without one is still served. */
    WANT,
    /** A certificate is required; a handshake without a trusted one fails. */
    NEED
}
