package dev.smtptestkit;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * What a TLS handshake with a client negotiated.
 *
 * <pre>{@code
 * TlsDetails tls = ...;
 * assertThat(tls.protocol()).isEqualTo("TLSv1.3");
 * assertThat(tls.sniHostName()).contains("localhost");
 * }</pre>
 *
 * @param protocol          the protocol version, as the JDK names it ({@code "TLSv1.3"}, {@code "TLSv1.2"})
 * @param cipherSuite       the cipher suite, by its IANA name ({@code "TLS_AES_128_GCM_SHA256"})
 * @param sniHostName       the host name the client asked for with Server Name Indication
 *                          (RFC 6066 3), empty when it sent none (as clients do when they connect to an IP address)
 * @param clientCertificate the certificate the client presented, empty when it presented none
 */
public record TlsDetails(
        String protocol,
        String cipherSuite,
        Optional<String> sniHostName,
        Optional<X509Certificate> clientCertificate) {

    /**
     * Checks that no component is null.
     *
     * @param protocol          the protocol version
     * @param cipherSuite       the cipher suite
     * @param sniHostName       the SNI host name, or empty
     * @param clientCertificate the client's certificate, or empty
     * @throws NullPointerException when a component is null
     */
    public TlsDetails {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(sniHostName, "sniHostName");
        Objects.requireNonNull(clientCertificate, "clientCertificate");
    }

    /**
     * One line for transcripts and failure messages, the certificate by its subject only:
     * {@code TLSv1.3 TLS_AES_128_GCM_SHA256, SNI localhost, client certificate CN=...}.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        return protocol + " " + cipherSuite
                + sniHostName.map(name -> ", SNI " + name).orElse("")
                + clientCertificate.map(c -> ", client certificate " + c.getSubjectX500Principal().getName()).orElse("");
    }
}
