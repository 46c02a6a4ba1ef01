package dev.smtptestkit.internal.tls;

import static dev.smtptestkit.internal.tls.ServerTlsHandshakeTest.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.ClientAuth;
import java.net.Socket;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The user's own key store or SSLContext instead of the generated certificate, and misuse. */
@Timeout(60)
class ServerTlsSetupTest {

    private final ClientTrust trust = ClientTrust.shared();

    @Test
    void servesWithTheUsersKeyStore() throws Exception {
        KeyStore store = CertificateAuthority.shared().serverIdentity("localhost").keyStore("secret".toCharArray());

        try (HandshakeServer server = new HandshakeServer(ServerTls.fromKeyStore(store, "secret".toCharArray()), ClientAuth.NONE);
                SSLSocket client = connect(trust.sslContext(), "localhost", server.port(), "TLSv1.3")) {
            assertThat(server.nextDetails().protocol()).isEqualTo(client.getSession().getProtocol());
        }
    }

    @Test
    void servesWithTheUsersSslContextLimitedToTls12And13() throws Exception {
        SSLContext own = ServerTls.generated("localhost").sslContext();
        ServerTls tls = ServerTls.fromSslContext(own);

        assertThat(tls.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        try (HandshakeServer server = new HandshakeServer(tls, ClientAuth.NONE);
                SSLSocket client = connect(trust.sslContext(), "127.0.0.1", server.port(), "TLSv1.2")) {
            assertThat(server.nextDetails().protocol()).isEqualTo("TLSv1.2").isEqualTo(client.getSession().getProtocol());
        }
    }

    @Test
    void refusesAKeyStoreWithoutAKey() throws Exception {
        KeyStore trustOnly = ClientTrust.trustStore(CertificateAuthority.shared().certificate());

        assertThat(catchThrowable(() -> ServerTls.fromKeyStore(trustOnly, "x".toCharArray())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The key store holds no private key entry: TLS needs the server's key and certificate "
                        + "chain. Add one (keytool -genkeypair) or pass an SSLContext instead.");
    }

    @Test
    void refusesAWrongKeyPassword() {
        KeyStore store = CertificateAuthority.shared().serverIdentity("localhost").keyStore("secret".toCharArray());

        assertThat(catchThrowable(() -> ServerTls.fromKeyStore(store, "wrong".toCharArray())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The key store's private key cannot be read with the password given (")
                .hasMessageEndingWith("): pass the password of the key entry.");
    }

    @Test
    void refusesAnUnloadedKeyStore() throws Exception {
        KeyStore unloaded = KeyStore.getInstance("PKCS12");

        assertThat(catchThrowable(() -> ServerTls.fromKeyStore(unloaded, "x".toCharArray())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The key store is not loaded: call keyStore.load(...) before passing it.");
    }

    @Test
    void refusesAnUninitializedSslContext() throws Exception {
        SSLContext uninitialized = SSLContext.getInstance("TLS");

        assertThat(catchThrowable(() -> ServerTls.fromSslContext(uninitialized)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The SSLContext is not initialized: call init(keyManagers, trustManagers, random) "
                        + "on it before passing it.");
    }

    @Test
    void refusesVersionsOtherThanTls12And13() {
        assertThat(catchThrowable(() -> ServerTls.generated("localhost").withProtocols("TLSv1.1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TLS version \"TLSv1.1\" is not offered: choose from [TLSv1.3, TLSv1.2].");
    }

    @Test
    void refusesClientAuthenticationInClientMode() throws Exception {
        try (Socket unconnected = new Socket()) {
            assertThat(catchThrowable(() -> ServerTls.generated("localhost").wrap(unconnected, false, ClientAuth.WANT)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Client authentication WANT applies to the server side only: pass ClientAuth.NONE "
                            + "with serverMode false.");
        }
    }
}
