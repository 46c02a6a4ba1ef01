package dev.smtptestkit.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.ClientAuth;
import dev.smtptestkit.TlsDetails;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Handshakes with non-JVM clients that trust the receiver through the CA's PEM file. */
@Timeout(120)
class ExternalClientsTest {

    private static final String PYTHON = String.join("\n",
            "import socket, ssl, sys",
            "context = ssl.create_default_context(cafile=sys.argv[1])",
            "context.verify_flags |= ssl.VERIFY_X509_STRICT",
            "with socket.create_connection(('127.0.0.1', int(sys.argv[2])), timeout=10) as raw:",
            "    with context.wrap_socket(raw, server_hostname=sys.argv[3]) as tls:",
            "        print(tls.version(), tls.cipher()[0])");

    private final ClientTrust trust = ClientTrust.shared();
    private HandshakeServer server;
    private Path directory;

    @BeforeEach
    void start() throws IOException {
        server = new HandshakeServer(ServerTls.generated("mail.example.test"), ClientAuth.NONE);
        directory = trust.caPemFile().getParent();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({"-tls1_3, TLSv1.3", "-tls1_2, TLSv1.2"})
    void opensslClientVerifiesChainAndHostName(String version, String protocol) throws Exception {
        Tools.assumeInstalled("openssl", "version");

        Tools.Result result = Tools.run(directory, "openssl", "s_client", "-brief", version,
                "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost",
                "-verify_return_error", "-verify_hostname", "localhost", "-CAfile", trust.caPemFile().toString());
        TlsDetails details = server.nextDetails();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Verification: OK").contains("Protocol version: " + protocol);
        assertThat(details.protocol()).isEqualTo(protocol);
        assertThat(details.sniHostName()).contains("localhost");
    }

    @Test
    void opensslClientRefusesAnotherHostName() throws Exception {
        Tools.assumeInstalled("openssl", "version");

        Tools.Result result = Tools.run(directory, "openssl", "s_client", "-brief",
                "-connect", "127.0.0.1:" + server.port(), "-servername", "other.example.test",
                "-verify_return_error", "-verify_hostname", "other.example.test", "-CAfile", trust.caPemFile().toString());
        TlsHandshakeException failure = server.nextFailure();

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("hostname mismatch");
        // OpenSSL sends its TLS 1.3 alert unencrypted; the JDK then reports a record it cannot
        // decrypt ("Insufficient buffer remaining for AEAD cipher fragment") instead of the alert.
        assertThat(failure.failure()).isEqualTo(TlsHandshakeException.Failure.REJECTED);
        assertThat(failure.description()).isNotBlank().doesNotContain("\n");
    }

    @ParameterizedTest
    @CsvSource({"localhost, localhost", "127.0.0.1, ''", "mail.example.test, mail.example.test"})
    void pythonVerifiesChainAndHostNameStrictly(String hostName, String expectedSni) throws Exception {
        Tools.assumeInstalled("python3", "--version");

        Tools.Result result = Tools.run(directory, "python3", "-c", PYTHON, trust.caPemFile().toString(),
                String.valueOf(server.port()), hostName);
        TlsDetails details = server.nextDetails();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo(details.protocol() + " " + details.cipherSuite() + "\n");
        // Python sends no SNI for an IP address (RFC 6066 3).
        assertThat(details.sniHostName().orElse("")).isEqualTo(expectedSni);
    }
}
