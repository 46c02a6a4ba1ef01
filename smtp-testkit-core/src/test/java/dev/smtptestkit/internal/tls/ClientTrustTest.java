package dev.smtptestkit.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.TlsDetails;
import dev.smtptestkit.TlsMode;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trust helpers: files a client reads, and Jakarta Mail properties used by Angus Mail for real. */
@Timeout(60)
class ClientTrustTest {

    private final ClientTrust trust = ClientTrust.shared();

    @Test
    void pemFileHoldsTheCaCertificate() throws Exception {
        try (InputStream in = Files.newInputStream(trust.caPemFile())) {
            assertThat(CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .isEqualTo(CertificateAuthority.shared().certificate());
        }
        assertThat(Files.readString(trust.caPemFile())).startsWith("-----BEGIN CERTIFICATE-----\n")
                .endsWith("\n-----END CERTIFICATE-----\n");
        assertThat(trust.caPemFile()).isSameAs(trust.caPemFile());
    }

    @Test
    void trustStoreAndClientKeyStoreOpenWithThePassword() throws Exception {
        KeyStore trustStore = KeyStore.getInstance(trust.trustStoreFile().toFile(), ClientTrust.PASSWORD.toCharArray());
        KeyStore clientStore = KeyStore.getInstance(trust.clientKeyStoreFile().toFile(), ClientTrust.PASSWORD.toCharArray());

        assertThat(trustStore.getCertificate("smtp-testkit-ca")).isEqualTo(CertificateAuthority.shared().certificate());
        assertThat(clientStore.getCertificate(Identity.ALIAS))
                .isEqualTo(CertificateAuthority.shared().clientIdentity().certificate());
        assertThat(clientStore.getKey(Identity.ALIAS, ClientTrust.PASSWORD.toCharArray())).isNotNull();
        assertThat(Files.getPosixFilePermissions(trust.clientKeyStoreFile().getParent()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    void javaMailPropertiesForEachMode() {
        Properties none = trust.javaMailProperties(TlsMode.NONE, "localhost", 2525);
        Properties startTls = trust.javaMailProperties(TlsMode.STARTTLS, "localhost", 2525);
        Properties implicit = trust.javaMailProperties(TlsMode.IMPLICIT, "localhost", 2465);

        assertThat(none).containsEntry("mail.smtp.host", "localhost").containsEntry("mail.smtp.port", "2525")
                .doesNotContainKeys("mail.smtp.starttls.enable", "mail.smtp.ssl.enable", "mail.smtp.ssl.socketFactory");
        assertThat(startTls).containsEntry("mail.smtp.starttls.enable", "true")
                .containsEntry("mail.smtp.starttls.required", "true")
                .containsEntry("mail.smtp.ssl.checkserveridentity", "true")
                .containsKey("mail.smtp.ssl.socketFactory")
                .doesNotContainKeys("mail.smtp.ssl.enable", "mail.smtps.host");
        assertThat(implicit).containsEntry("mail.smtp.ssl.enable", "true")
                .containsEntry("mail.smtps.host", "localhost").containsEntry("mail.smtps.port", "2465")
                .containsEntry("mail.smtps.ssl.checkserveridentity", "true")
                .containsKey("mail.smtps.ssl.socketFactory");
        assertThat(startTls.get("mail.smtp.ssl.socketFactory")).isInstanceOf(SSLSocketFactory.class);
        assertThat(implicit.get("mail.smtps.ssl.socketFactory")).isInstanceOf(SSLSocketFactory.class);
    }

    @ParameterizedTest
    @CsvSource({"STARTTLS, localhost, smtp", "STARTTLS, 127.0.0.1, smtp", "IMPLICIT, localhost, smtp",
        "IMPLICIT, 127.0.0.1, smtps"})
    void angusMailDeliversOverTlsWithTheProperties(TlsMode mode, String host, String protocol) throws Exception {
        try (TinySmtpServer server = new TinySmtpServer(ServerTls.generated("localhost"), mode)) {
            Session session = Session.getInstance(trust.javaMailProperties(mode, host, server.port()));

            send(session, protocol);

            assertThat(server.next()).isInstanceOfSatisfying(TlsDetails.class,
                    details -> assertThat(details.protocol()).isEqualTo("TLSv1.3"));
        }
    }

    @Test
    void angusMailRefusesAReceiverItDoesNotTrust() throws Exception {
        ClientTrust stranger = ClientTrust.of(CertificateAuthority.create(KeyKind.EC_P256));
        try (TinySmtpServer server = new TinySmtpServer(ServerTls.generated("localhost"), TlsMode.STARTTLS)) {
            Session session = Session.getInstance(stranger.javaMailProperties(TlsMode.STARTTLS, "localhost", server.port()));

            Throwable failure = catchThrowable(() -> send(session, "smtp"));

            assertThat(failure).isInstanceOf(jakarta.mail.MessagingException.class)
                    .hasMessageContaining("Could not convert socket to TLS");
            assertThat(server.next()).isInstanceOfSatisfying(TlsHandshakeException.class,
                    e -> assertThat(e.description().replaceFirst("^\\([a-z_]+\\) ", "")) // the alert, or the client gone before it was read (a loaded machine)
                            .isIn("Received fatal alert: certificate_unknown", "Broken pipe"));
        }
    }

    private static void send(Session session, String protocol) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("from@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("to@example.com"));
        message.setSubject("over TLS");
        message.setText("hello");
        message.saveChanges();
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        }
    }
}
