package dev.smtptestkit.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.ClientAuth;
import dev.smtptestkit.TlsDetails;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real handshakes over loopback between {@link ServerTls} and the JDK's TLS client. */
@Timeout(60)
class ServerTlsHandshakeTest {

    private final ClientTrust trust = ClientTrust.shared();
    private HandshakeServer server;

    @BeforeEach
    void start() throws IOException {
        server = new HandshakeServer(ServerTls.generated("mail.example.test"), ClientAuth.NONE);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void theGeneratedContextIsCreatedOncePerServerName() {
        // a receiver per test must not pay for a new SSLContext (about 12 ms) on every start
        assertThat(ServerTls.generated("shared.example.test")).isSameAs(ServerTls.generated("shared.example.test"))
                .isNotSameAs(ServerTls.generated("other.example.test"));
    }

    @ParameterizedTest
    @CsvSource({"localhost, TLSv1.3", "localhost, TLSv1.2", "127.0.0.1, TLSv1.3", "127.0.0.1, TLSv1.2"})
    void jdkClientVerifiesTheCertificateAndTheHostName(String host, String protocol) throws Exception {
        try (SSLSocket client = connect(trust.sslContext(), host, server.port(), protocol)) {
            TlsDetails details = server.nextDetails();

            assertThat(details.protocol()).isEqualTo(protocol).isEqualTo(client.getSession().getProtocol());
            assertThat(details.cipherSuite()).isEqualTo(client.getSession().getCipherSuite()).startsWith("TLS_");
            assertThat(details.clientCertificate()).isEmpty();
            // The JDK sends SNI only for a dotted host name (RFC 6066 3: no literal IP addresses).
            assertThat(details.sniHostName()).isEmpty();
        }
    }

    @Test
    void jdkClientVerifiesIpv6Loopback() throws Exception {
        InetAddress ipv6;
        try {
            ipv6 = InetAddress.getByName("::1");
            new java.net.ServerSocket(0, 1, ipv6).close();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e);
            return;
        }
        try (HandshakeServer v6 = new HandshakeServer(ServerTls.generated("localhost"), ClientAuth.NONE, 10_000, ipv6);
                SSLSocket client = connect(trust.sslContext(), "::1", v6.port(), "TLSv1.3")) {
            assertThat(v6.nextDetails().protocol()).isEqualTo(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void recordsTheSniHostName() throws Exception {
        SSLParameters sni = new SSLParameters();
        sni.setServerNames(List.of(new SNIHostName("mail.example.test")));

        try (SSLSocket client = connect(trust.sslContext(), "localhost", server.port(), "TLSv1.3", sni)) {
            assertThat(server.nextDetails().sniHostName()).contains("mail.example.test");
            assertThat(client.getSession().getPeerHost()).isEqualTo("localhost");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateEndsTheHandshakeWithAnAlert() throws Exception {
        SSLContext jdkDefault = SSLContext.getDefault(); // the JDK's cacerts: our CA is not in it

        Throwable clientSide = catchThrowable(() -> connect(jdkDefault, "localhost", server.port(), "TLSv1.3").close());
        TlsHandshakeException serverSide = server.nextFailure();

        assertThat(clientSide).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("PKIX path building failed");
        // the client's alert, or (a race in the socket layer) the client gone before it was read
        assertThat(serverSide.description().replaceFirst("^\\([a-z_]+\\) ", "")).isIn("Received fatal alert: certificate_unknown", "Broken pipe");
        assertThat(serverSide.failure()).isEqualTo(serverSide.description().contains("Received fatal alert")
                ? TlsHandshakeException.Failure.REJECTED : TlsHandshakeException.Failure.CLIENT_CLOSED);
        assertThat(serverSide).hasMessage("TLS handshake failed: " + serverSide.description());
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRejectedByTheClient() throws Exception {
        try (HandshakeServer any = new HandshakeServer(ServerTls.generated("mail.example.test"), ClientAuth.NONE,
                10_000, InetAddress.getByName("0.0.0.0"))) {
            // 127.0.0.2 is loopback on Linux but not in the certificate. TLS 1.3: the server sends its
            // whole flight before it reads, so it reads the alert (in TLS 1.2 a client that rejects the
            // certificate early can close while the server still writes: "Broken pipe").
            Throwable clientSide = catchThrowable(() -> connect(trust.sslContext(), "127.0.0.2", any.port(), "TLSv1.3").close());

            assertThat(clientSide).hasMessageContaining("No subject alternative names matching IP address 127.0.0.2 found");
            // under load even TLS 1.3 can see the client hang up before its alert is read
            assertThat(any.nextFailure().description().replaceFirst("^\\([a-z_]+\\) ", "")).isIn("Received fatal alert: certificate_unknown", "Broken pipe");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"EHLO client.example\r\n", "MAIL FROM:<a@example.com>\r\n", "\u0000\u0000\u0000\u0000\u0000\u0000"})
    void garbageInsteadOfAClientHelloFailsAtOnceWithAReadableCause(String garbage) throws Exception {
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = raw.getOutputStream();
            out.write(garbage.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            HandshakeServer.Outcome outcome = server.next();

            assertThat(outcome.failure().failure()).isEqualTo(TlsHandshakeException.Failure.REJECTED);
            assertThat(outcome.failure().description().replaceFirst("^\\([a-z_]+\\) ", "")).isEqualTo("Unsupported or unrecognized SSL message");
            assertThat(outcome.nanos()).as("failed without waiting for the read timeout").isLessThan(5_000_000_000L);
        }
    }

    @Test
    void aClientThatSendsNothingTimesOutWithTheSocketsReadTimeout() throws Exception {
        try (HandshakeServer impatient = new HandshakeServer(ServerTls.generated("localhost"), ClientAuth.NONE, 300,
                InetAddress.getLoopbackAddress()); Socket raw = new Socket(InetAddress.getLoopbackAddress(), impatient.port())) {
            TlsHandshakeException failure = impatient.nextFailure();

            assertThat(failure.failure()).isEqualTo(TlsHandshakeException.Failure.TIMED_OUT);
            assertThat(failure.description()).contains("Read timed out");
            assertThat(raw.isConnected()).isTrue();
        }
    }

    @Test
    void aClientThatHangsUpMidHandshakeIsRecordedAsClosed() throws Exception {
        new Socket(InetAddress.getLoopbackAddress(), server.port()).close();

        TlsHandshakeException failure = server.nextFailure();

        assertThat(failure.failure()).isEqualTo(TlsHandshakeException.Failure.CLIENT_CLOSED);
        assertThat(failure.description().replaceFirst("^\\([a-z_]+\\) ", "")).startsWith("Remote host terminated the handshake");
    }

    @Test
    void aClientOfAVersionTheServerDoesNotOfferIsRejected() throws Exception {
        try (HandshakeServer onlyTls13 = new HandshakeServer(ServerTls.generated("localhost").withProtocols("TLSv1.3"),
                ClientAuth.NONE)) {
            Throwable clientSide = catchThrowable(() -> connect(trust.sslContext(), "localhost", onlyTls13.port(), "TLSv1.2").close());
            TlsHandshakeException failure = onlyTls13.nextFailure();

            assertThat(clientSide).isInstanceOf(SSLHandshakeException.class);
            assertThat(failure.failure()).isEqualTo(TlsHandshakeException.Failure.REJECTED);
            assertThat(failure.description().replaceFirst("^\\([a-z_]+\\) ", "")) // Java 24+: "(alert) " first
                    .isEqualTo("The client supported protocol versions [TLSv1.2] are not accepted by server preferences [TLSv1.3]");
        }
    }

    static SSLSocket connect(SSLContext context, String host, int port, String protocol) throws IOException {
        return connect(context, host, port, protocol, new SSLParameters());
    }

    /** A JDK client that checks the server's identity as HTTPS does (RFC 2818 3.1, RFC 6125). */
    static SSLSocket connect(SSLContext context, String host, int port, String protocol, SSLParameters extra)
            throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(new String[] {protocol});
        if (extra.getServerNames() != null) {
            parameters.setServerNames(extra.getServerNames());
        }
        socket.setSSLParameters(parameters);
        try {
            socket.startHandshake();
            socket.getSession().getPeerCertificates(); // TLS 1.3: the server's Finished has been read
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
