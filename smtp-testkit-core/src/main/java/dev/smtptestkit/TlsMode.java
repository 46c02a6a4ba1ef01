package dev.smtptestkit;

/** How a receiver offers TLS on its port. */
public enum TlsMode {
    /** Plain SMTP only: STARTTLS is not advertised. */
    NONE,
    /**
     * Plain SMTP that offers STARTTLS (RFC 3207): the client upgrades the connection after EHLO,
     * then starts a new session with a new EHLO.
     */
    STARTTLS,
    /**
     * Implicit TLS, "SMTPS" (RFC 8314 3.3): the TLS handshake comes first, before the greeting,
     * as on port 465.
     */
    IMPLICIT
}
