package dev.smtptestkit.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hand-written DER read by other parsers than the JDK's: keytool (prints through the JDK, but
 * from the PEM file a user gets) and OpenSSL (its own parser, and a strict RFC 5280 path check).
 */
@Timeout(120)
class ExternalToolsTest {

    @TempDir
    Path directory;

    private CertificateAuthority authority;

    @BeforeEach
    void writeFiles() throws Exception {
        authority = CertificateAuthority.create(KeyKind.EC_P256);
        write(KeyKind.EC_P256, authority);
    }

    private void write(KeyKind kind, CertificateAuthority ca) throws Exception {
        Files.writeString(directory.resolve("ca.pem"), ClientTrust.of(ca).caPem(), StandardCharsets.US_ASCII);
        Files.writeString(directory.resolve("cert.pem"),
                ClientTrust.pem(ca.serverIdentity("mail.example.test").certificate()), StandardCharsets.US_ASCII);
        Files.writeString(directory.resolve("client.pem"),
                ClientTrust.pem(ca.clientIdentity().certificate()), StandardCharsets.US_ASCII);
    }

    @Test
    void keytoolPrintsTheCaAsAnAuthority() throws Exception {
        Tools.assumeInstalled("keytool", "-help");

        Tools.Result ca = Tools.run(directory, "keytool", "-printcert", "-file", "ca.pem");

        assertThat(ca.exitCode()).as(ca.output()).isZero();
        assertThat(squeeze(ca.output()))
                .contains("Owner: CN=smtp-testkit test CA ")
                .contains("Signature algorithm name: SHA256withECDSA")
                .contains("Version: 3")
                .contains("BasicConstraints:[ CA:true PathLen:0 ]")
                .contains("KeyUsage [ Key_CertSign Crl_Sign ]")
                .contains("SubjectKeyIdentifier");
    }

    @Test
    void keytoolPrintsTheServerNames() throws Exception {
        Tools.assumeInstalled("keytool", "-help");

        Tools.Result server = Tools.run(directory, "keytool", "-printcert", "-file", "cert.pem");

        assertThat(server.exitCode()).as(server.output()).isZero();
        assertThat(squeeze(server.output()))
                .contains("Owner: CN=mail.example.test, O=smtp-testkit")
                .contains("BasicConstraints:[ CA:false PathLen: undefined ]")
                .contains("ExtendedKeyUsages [ serverAuth ]")
                .contains("KeyUsage [ DigitalSignature ]")
                .contains("SubjectAlternativeName [ DNSName: localhost IPAddress: 127.0.0.1 "
                        + "IPAddress: 0:0:0:0:0:0:0:1 DNSName: mail.example.test ]")
                .contains("AuthorityKeyIdentifier");
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void opensslReadsTheExtensions(KeyKind kind) throws Exception {
        Tools.assumeInstalled("openssl", "version");
        write(kind, CertificateAuthority.create(kind));

        Tools.Result ca = Tools.run(directory, "openssl", "x509", "-in", "ca.pem", "-noout", "-text");
        Tools.Result server = Tools.run(directory, "openssl", "x509", "-in", "cert.pem", "-noout", "-text");

        assertThat(ca.exitCode()).as(ca.output()).isZero();
        assertThat(squeeze(ca.output()))
                .contains("Version: 3 (0x2)")
                .contains("X509v3 Basic Constraints: critical CA:TRUE, pathlen:0")
                .contains("X509v3 Key Usage: critical Certificate Sign, CRL Sign")
                .contains("X509v3 Subject Key Identifier:");
        assertThat(server.exitCode()).as(server.output()).isZero();
        assertThat(squeeze(server.output()))
                .contains("X509v3 Basic Constraints: critical CA:FALSE")
                .contains(kind == KeyKind.RSA_2048
                        ? "X509v3 Key Usage: critical Digital Signature, Key Encipherment"
                        : "X509v3 Key Usage: critical Digital Signature ")
                .contains("X509v3 Extended Key Usage: TLS Web Server Authentication")
                .contains("X509v3 Subject Alternative Name: DNS:localhost, IP Address:127.0.0.1, "
                        + "IP Address:0:0:0:0:0:0:0:1, DNS:mail.example.test")
                .contains("X509v3 Authority Key Identifier:")
                .contains(kind == KeyKind.RSA_2048 ? "Public-Key: (2048 bit)" : "NIST CURVE: P-256");
    }

    @Test
    void opensslVerifiesTheChainStrictly() throws Exception {
        Tools.assumeInstalled("openssl", "version");

        Tools.Result server = Tools.run(directory, "openssl", "verify", "-x509_strict", "-purpose", "sslserver",
                "-CAfile", "ca.pem", "cert.pem");
        Tools.Result client = Tools.run(directory, "openssl", "verify", "-x509_strict", "-purpose", "sslclient",
                "-CAfile", "ca.pem", "client.pem");
        Tools.Result wrongPurpose = Tools.run(directory, "openssl", "verify", "-purpose", "sslclient",
                "-CAfile", "ca.pem", "cert.pem");

        assertThat(server.output()).isEqualTo("cert.pem: OK\n");
        assertThat(client.output()).isEqualTo("client.pem: OK\n");
        assertThat(wrongPurpose.exitCode()).as(wrongPurpose.output()).isNotZero();
    }

    @Test
    void opensslChecksTheHostNames() throws Exception {
        Tools.assumeInstalled("openssl", "version");

        for (String[] check : new String[][] {{"-verify_hostname", "localhost"}, {"-verify_ip", "127.0.0.1"},
                {"-verify_ip", "::1"}, {"-verify_hostname", "mail.example.test"}}) {
            Tools.Result result = Tools.run(directory, "openssl", "verify", "-CAfile", "ca.pem", check[0], check[1], "cert.pem");
            assertThat(result.output()).as("%s %s", check[0], check[1]).isEqualTo("cert.pem: OK\n");
        }
        Tools.Result other = Tools.run(directory, "openssl", "verify", "-CAfile", "ca.pem",
                "-verify_hostname", "other.example.test", "cert.pem");
        assertThat(other.exitCode()).as(other.output()).isNotZero();
        assertThat(other.output()).contains("hostname mismatch");
    }

    /** Whitespace runs (line breaks and indentation differ between versions) as one space. */
    private static String squeeze(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
