package dev.smtptestkit.internal.tls;

import static dev.smtptestkit.internal.tls.ServerTlsHandshakeTest.connect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.ClientAuth;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What TLS costs: creating an authority and the first server certificate, and one handshake.
 * Prints the figures (run alone for cold numbers) and fails only when they are far off.
 */
@Timeout(120)
class TlsCostTest {

    @Test
    void certificatesAndHandshakesAreCheap() throws Exception {
        long start = System.nanoTime();
        CertificateAuthority ec = CertificateAuthority.create(KeyKind.EC_P256);
        long caEc = System.nanoTime() - start;
        start = System.nanoTime();
        ec.serverIdentity("localhost");
        long serverEc = System.nanoTime() - start;
        start = System.nanoTime();
        ec.serverIdentity("second.test");
        long secondEc = System.nanoTime() - start;
        start = System.nanoTime();
        CertificateAuthority rsa = CertificateAuthority.create(KeyKind.RSA_2048);
        long caRsa = System.nanoTime() - start;
        start = System.nanoTime();
        rsa.serverIdentity("localhost");
        long serverRsa = System.nanoTime() - start;
        start = System.nanoTime();
        ServerTls tls = ServerTls.generated(ec, "localhost");
        long context = System.nanoTime() - start;

        ClientTrust trust = ClientTrust.of(ec);
        long[] tls13 = handshakes(tls, trust, "TLSv1.3");
        long[] tls12 = handshakes(tls, trust, "TLSv1.2");

        System.out.printf("MEASURED: EC P-256 CA %.1f ms, first server certificate %.1f ms, next %.1f ms; "
                        + "RSA 2048 CA %.1f ms, first server certificate %.1f ms; SSLContext %.1f ms; "
                        + "handshake (server side, median of 30 after 10) TLSv1.3 %.2f ms, TLSv1.2 %.2f ms%n",
                ms(caEc), ms(serverEc), ms(secondEc), ms(caRsa), ms(serverRsa), ms(context),
                ms(median(tls13)), ms(median(tls12)));
        assertThat(Duration.ofNanos(caEc + serverEc)).isLessThan(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(median(tls13))).isLessThan(Duration.ofMillis(500));
    }

    private static long[] handshakes(ServerTls tls, ClientTrust trust, String protocol) throws Exception {
        long[] nanos = new long[40];
        try (HandshakeServer server = new HandshakeServer(tls, ClientAuth.NONE)) {
            for (int i = 0; i < nanos.length; i++) {
                try (SSLSocket client = connect(trust.sslContext(), "localhost", server.port(), protocol)) {
                    HandshakeServer.Outcome outcome = server.next();
                    assertThat(outcome.details().protocol()).isEqualTo(client.getSession().getProtocol());
                    nanos[i] = outcome.nanos();
                }
            }
        }
        return Arrays.copyOfRange(nanos, 10, nanos.length);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
