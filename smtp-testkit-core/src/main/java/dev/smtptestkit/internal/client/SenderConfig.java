package dev.smtptestkit.internal.client;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.TlsMode;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The settings of one {@code SmtpSender}, checked by its builder.
 *
 * @param host                 the server's host name or address (also the TLS name checked)
 * @param port                 the server's port
 * @param tls                  none, STARTTLS or implicit TLS
 * @param requireTls           with STARTTLS: fail when the server does not offer it (else go on in plain text)
 * @param sslContext           the trust (and client key) for TLS
 * @param verifyHostname       whether the server certificate must name {@code host} (RFC 6125)
 * @param login                the AUTH credentials, if any
 * @param heloName             the name given in EHLO/HELO
 * @param connectTimeout       limit for the TCP connect (and implicit TLS handshake)
 * @param replyTimeout         limit for each reply
 * @param deliveryTimeout      limit for the whole connection
 * @param pipelining           whether to group commands when the server offers PIPELINING
 * @param chunking             whether to use BDAT when the server offers CHUNKING
 * @param normalizeLineEndings whether to turn bare CR and LF into CRLF before sending
 */
public record SenderConfig(String host, int port, TlsMode tls, boolean requireTls, SSLContext sslContext,
                           boolean verifyHostname, Optional<Login> login, String heloName, Duration connectTimeout,
                           Duration replyTimeout, Duration deliveryTimeout, boolean pipelining, boolean chunking,
                           boolean normalizeLineEndings) {

    /**
     * AUTH credentials. {@link #toString()} masks the secret.
     *
     * @param mechanism the SASL mechanism
     * @param user      the user name
     * @param secret    the password, or the bearer token for XOAUTH2
     */
    public record Login(AuthMechanism mechanism, String user, String secret) {
        @Override
        public String toString() {
            return "Login{" + mechanism.saslName() + ", user=" + user + ", secret=****}";
        }
    }

    /** The target as {@code host:port}. */
    public String target() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
