package dev.smtptestkit.internal.tls;

import static dev.smtptestkit.internal.tls.ServerTlsHandshakeTest.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.ClientAuth;
import dev.smtptestkit.TlsDetails;
import java.io.InputStream;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client certificates, wanted and needed (RFC 8446 4.3.2 CertificateRequest, RFC 5246 7.4.4). */
@Timeout(60)
class ClientAuthTest {

    private final ClientTrust trust = ClientTrust.shared();

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void wantServesAClientWithoutACertificate(String protocol) throws Exception {
        try (HandshakeServer server = new HandshakeServer(ServerTls.generated("localhost"), ClientAuth.WANT);
                SSLSocket client = connect(trust.sslContext(), "localhost", server.port(), protocol)) {
            TlsDetails details = server.nextDetails();

            assertThat(details.clientCertificate()).isEmpty();
            assertThat(details.protocol()).isEqualTo(client.getSession().getProtocol());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WANT", "NEED"})
    void recordsTheClientCertificate(ClientAuth mode) throws Exception {
        X509Certificate expected = CertificateAuthority.shared().clientIdentity().certificate();
        try (HandshakeServer server = new HandshakeServer(ServerTls.generated("localhost"), mode);
                SSLSocket client = connect(trust.sslContextWithClientCertificate(), "localhost", server.port(), "TLSv1.3")) {
            TlsDetails details = server.nextDetails();

            assertThat(details.clientCertificate()).contains(expected);
            assertThat(client.getSession().getLocalCertificates()).contains(expected);
            assertThat(details.toString()).endsWith(", client certificate CN=smtp-testkit client,O=smtp-testkit");
        }
    }

    @Test
    void noneDoesNotAskForTheCertificate() throws Exception {
        try (HandshakeServer server = new HandshakeServer(ServerTls.generated("localhost"), ClientAuth.NONE);
                SSLSocket client = connect(trust.sslContextWithClientCertificate(), "localhost", server.port(), "TLSv1.3")) {
            assertThat(server.nextDetails().clientCertificate()).isEmpty();
            assertThat(client.getSession().getLocalCertificates()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void needRejectsAClientWithoutACertificate(String protocol) throws Exception {
        try (HandshakeServer server = new HandshakeServer(ServerTls.generated("localhost"), ClientAuth.NEED)) {
            // In TLS 1.3 the client's handshake completes before the server has judged its (empty)
            // Certificate message; the server's alert arrives on the first read.
            Throwable clientSide = catchThrowable(() -> {
                try (SSLSocket client = connect(trust.sslContext(), "localhost", server.port(), protocol);
                        InputStream in = client.getInputStream()) {
                    in.read();
                }
            });
            TlsHandshakeException failure = server.nextFailure();

            // The client sees the alert, or (TLS 1.2, still writing its flight) a broken pipe.
            assertThat(clientSide).isNotNull();
            assertThat(failure.failure()).isEqualTo(TlsHandshakeException.Failure.REJECTED);
            assertThat(failure.description().replaceFirst("^\\([a-z_]+\\) ", "")).isEqualTo("Empty client certificate chain"); // Java 24+: "(alert) " first
        }
    }

    @Test
    void needRejectsACertificateFromAnotherAuthority() throws Exception {
        SSLContext stranger = contextTrustingTheSharedCa(
                CertificateAuthority.create(KeyKind.EC_P256).clientIdentity());
        try (HandshakeServer server = new HandshakeServer(ServerTls.generated("localhost"), ClientAuth.NEED)) {
            Throwable clientSide = catchThrowable(() -> {
                try (SSLSocket client = connect(stranger, "localhost", server.port(), "TLSv1.3");
                        InputStream in = client.getInputStream()) {
                    in.read();
                }
            });
            TlsHandshakeException failure = server.nextFailure();

            // the server's alert, or (a race in the socket layer) the client still writing when it closed
            assertThat(clientSide.getMessage().replaceFirst("^\\([a-z_]+\\) ", "")).isIn("Received fatal alert: certificate_unknown", "Broken pipe",
                    "Connection reset");
            assertThat(failure.failure()).isEqualTo(TlsHandshakeException.Failure.REJECTED);
            assertThat(failure.description().replaceFirst("^\\([a-z_]+\\) ", "")).startsWith("PKIX path building failed");
        }
    }

    /** Trusts the receiver (shared CA) but presents a certificate another CA signed. */
    private static SSLContext contextTrustingTheSharedCa(Identity presented) throws Exception {
        char[] password = "pw".toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(presented.keyStore(password), password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(ClientTrust.trustStore(CertificateAuthority.shared().certificate()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new Insistent((X509ExtendedKeyManager) keys.getKeyManagers()[0])},
                trust.getTrustManagers(), null);
        return context;
    }

    /**
     * Presents its certificate even when the server's CertificateRequest names other issuers
     * (the JDK's key manager would then send an empty chain instead).
     */
    private static final class Insistent extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        Insistent(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return Identity.ALIAS;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return Identity.ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {Identity.ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }
}
