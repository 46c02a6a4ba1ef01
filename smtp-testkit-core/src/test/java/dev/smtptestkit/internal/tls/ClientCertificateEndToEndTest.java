package dev.smtptestkit.internal.tls;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.ClientAuth;
import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent.ClientDisconnected;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.testing.AngusMail;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client certificates through a whole receiver ({@code clientAuth(WANT)} and {@code clientAuth(NEED)}),
 * with real clients: Angus Mail with the key store of {@link SmtpReceiver#clientKeyStoreFile()},
 * curl with the same PKCS #12 file, Python's smtplib with it converted to PEM by openssl.
 */
@Timeout(120)
class ClientCertificateEndToEndTest {

    private static final String SUBJECT = "CN=smtp-testkit client,O=smtp-testkit";
    private SmtpReceiver receiver;

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private void start(TlsMode mode, ClientAuth clientAuth) {
        receiver = SmtpReceiver.builder().tls(mode).clientAuth(clientAuth).start();
    }

    /** What a user writes: the receiver's properties, with a socket factory that also presents the client certificate. */
    private Properties withClientCertificate(Properties props) throws Exception {
        char[] password = SmtpReceiver.TRUST_STORE_PASSWORD.toCharArray();
        KeyStore keys = KeyStore.getInstance(receiver.clientKeyStoreFile().toFile(), password);
        KeyStore trusted = KeyStore.getInstance(receiver.trustStoreFile().toFile(), password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        props.put("mail.smtp.ssl.socketFactory", context.getSocketFactory());
        props.put("mail.smtps.ssl.socketFactory", context.getSocketFactory());
        return props;
    }

    private static void send(Properties props) throws Exception {
        AngusMail.send(props, null, null);
    }

    private ClientDisconnected ended(String sessionId) {
        return receiver.mailbox().awaitEvent(ClientDisconnected.class, d -> d.sessionId().equals(sessionId),
                Duration.ofSeconds(10));
    }

    private void assertRecordedWithCertificate() {
        ReceivedEmail email = receiver.mailbox().awaitEmails(1, Duration.ofSeconds(10)).get(0);
        assertThat(email.envelope().tls()).hasValueSatisfying(tls -> assertThat(tls.clientCertificate())
                .hasValueSatisfying(c -> assertThat(c.getSubjectX500Principal().getName()).isEqualTo(SUBJECT)));
        assertThat(receiver.mailbox().transcript(email.envelope().sessionId()).orElseThrow().toString())
                .contains(", client certificate " + SUBJECT);
        ended(email.envelope().sessionId());
        assertThatEvents(receiver.mailbox().events()).hasSessionWithClientCertificate(SUBJECT);
    }

    @ParameterizedTest
    @CsvSource({"STARTTLS, WANT", "STARTTLS, NEED", "IMPLICIT, WANT", "IMPLICIT, NEED"})
    void angusMailWithTheClientKeyStoreIsRecordedWithItsCertificate(TlsMode mode, ClientAuth clientAuth)
            throws Exception {
        start(mode, clientAuth);

        send(withClientCertificate(receiver.javaMailProperties()));

        assertRecordedWithCertificate();
    }

    @ParameterizedTest
    @EnumSource(value = TlsMode.class, names = {"STARTTLS", "IMPLICIT"})
    void wantServesAngusMailWithoutACertificate(TlsMode mode) throws Exception {
        start(mode, ClientAuth.WANT);

        send(receiver.javaMailProperties());

        ReceivedEmail email = receiver.mailbox().singleEmail();
        assertThat(email.envelope().tls()).hasValueSatisfying(tls -> assertThat(tls.clientCertificate()).isEmpty());
        assertThat(ended("s1").tls()).hasValueSatisfying(tls -> assertThat(tls.clientCertificate()).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = TlsMode.class, names = {"STARTTLS", "IMPLICIT"})
    void needRefusesAngusMailWithoutACertificateAndRecordsWhy(TlsMode mode) throws Exception {
        start(mode, ClientAuth.NEED);

        Throwable refused = catchThrowable(() -> send(receiver.javaMailProperties()));

        assertThat(refused).isInstanceOf(MessagingException.class);
        ClientDisconnected end = ended("s1");
        assertThat(end.reason()).isEqualTo(DisconnectReason.TLS_FAILED);
        // Java 24+ puts the alert's name first: "(certificate_required) Empty client certificate chain"
        assertThat(end.detail().replaceFirst("^\\([a-z_]+\\) ", "")).isEqualTo("Empty client certificate chain");
        assertThat(end.tls()).isEmpty();
        assertThat(receiver.mailbox().transcripts().get(0).toString())
                .contains("-- TLS handshake failed: " + end.detail());
        assertThat(receiver.mailbox().emails()).isEmpty();

        // the receiver keeps serving: the next client presents its certificate
        send(withClientCertificate(receiver.javaMailProperties()));
        assertRecordedWithCertificate();
    }

    @Test
    void receiversSharingTheGeneratedContextKeepTheirOwnClientAuth() throws Exception {
        start(TlsMode.STARTTLS, ClientAuth.NEED);
        try (SmtpReceiver wanting = SmtpReceiver.builder().tls(TlsMode.STARTTLS).clientAuth(ClientAuth.WANT).start()) {
            send(wanting.javaMailProperties());
            assertThat(catchThrowable(() -> send(receiver.javaMailProperties()))).isInstanceOf(MessagingException.class);

            assertThat(wanting.mailbox().singleEmail().envelope().tls()).isPresent();
            assertThat(ended("s1").reason()).isEqualTo(DisconnectReason.TLS_FAILED);
        }
    }

    /** curl as the README shows it: STARTTLS required, the CA's PEM file, plus the given options. */
    private Tools.Result curl(Path dir, String... options) throws Exception {
        Path mail = Files.writeString(dir.resolve("mail.txt"), "Subject: curl\r\n\r\nhello\r\n");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30",
                "--ssl-reqd", "--cacert", receiver.caPemFile().toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("--url", "smtp://localhost:" + receiver.port(), "--mail-from",
                "app@example.com", "--mail-rcpt", "user@example.com", "--upload-file", mail.toString()));
        return Tools.run(dir, command.toArray(String[]::new));
    }

    @Test
    void curlWithThePkcs12FileOverStartTlsWhenACertificateIsNeeded(@TempDir Path dir) throws Exception {
        Tools.assumeInstalled("curl", "--version");
        start(TlsMode.STARTTLS, ClientAuth.NEED);

        Tools.Result result = curl(dir, "--cert-type", "P12",
                "--cert", receiver.clientKeyStoreFile() + ":" + SmtpReceiver.TRUST_STORE_PASSWORD);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertRecordedWithCertificate();
    }

    @Test
    void curlWithoutACertificateIsRefusedWhenOneIsNeeded(@TempDir Path dir) throws Exception {
        Tools.assumeInstalled("curl", "--version");
        start(TlsMode.STARTTLS, ClientAuth.NEED);

        Tools.Result result = curl(dir);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(ended("s1").reason()).isEqualTo(DisconnectReason.TLS_FAILED);
        assertThat(receiver.mailbox().emails()).isEmpty();
    }

    @Test
    void pythonSmtplibWithTheCertificateAsPemOverImplicitTls(@TempDir Path dir) throws Exception {
        Tools.assumeInstalled("python3", "--version");
        Tools.assumeInstalled("openssl", "version");
        start(TlsMode.IMPLICIT, ClientAuth.NEED);
        Path pem = dir.resolve("client.pem");
        Tools.Result converted = Tools.run(dir, "openssl", "pkcs12", "-in", receiver.clientKeyStoreFile().toString(),
                "-passin", "pass:" + SmtpReceiver.TRUST_STORE_PASSWORD, "-nodes", "-out", pem.toString());
        assertThat(converted.exitCode()).as(converted.output()).isZero();
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[2])",
                "ctx.load_cert_chain(sys.argv[3])",
                "s = smtplib.SMTP_SSL('localhost', int(sys.argv[1]), context=ctx, timeout=10)",
                "s.sendmail('app@example.com', ['user@example.com'], 'Subject: py\\r\\n\\r\\nhello\\r\\n')",
                "s.quit()");

        Tools.Result result = Tools.run(dir, "python3", "-c", script, String.valueOf(receiver.port()),
                receiver.caPemFile().toString(), pem.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertRecordedWithCertificate();
    }

    @Test
    void theClientKeyStoreHoldsACertificateTheReceiversCaIssued() throws Exception {
        start(TlsMode.STARTTLS, ClientAuth.NEED);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(receiver.clientKeyStoreFile())) {
            keys.load(in, SmtpReceiver.TRUST_STORE_PASSWORD.toCharArray());
        }
        java.security.cert.X509Certificate certificate =
                (java.security.cert.X509Certificate) keys.getCertificate(keys.aliases().nextElement());

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo(SUBJECT);
        certificate.verify(CertificateAuthority.shared().certificate().getPublicKey());
    }
}
