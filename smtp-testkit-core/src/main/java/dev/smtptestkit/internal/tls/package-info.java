/**
 * TLS building blocks: a certificate authority created at run time (X.509 v3 DER written here,
 * with no dependency beyond the JDK), the server side of a handshake over an accepted or
 * STARTTLS socket, and the trust a client needs. Internal: no compatibility promise.
 */
package dev.smtptestkit.internal.tls;
