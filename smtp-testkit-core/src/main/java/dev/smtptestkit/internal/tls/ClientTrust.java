package dev.smtptestkit.internal.tls;

import dev.smtptestkit.TlsMode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a client needs to trust receivers whose certificates an {@link CertificateAuthority} signed:
 * SSL contexts, a trust store and the CA as PEM (files in a private temporary directory, written
 * on first use, deleted when the JVM exits), a client certificate, and Jakarta Mail properties.
 *
 * <pre>{@code
 * ClientTrust trust = ClientTrust.shared();
 * Session session = Session.getInstance(trust.javaMailProperties(TlsMode.STARTTLS, "localhost", port));
 * // curl --cacert <trust.caPemFile()> ...
 * }</pre>
 */
public final class ClientTrust {

    /** The password of the trust store and client key store files (and of the client key entry). */
    public static final String PASSWORD = "smtp-testkit";
    /** Jakarta Mail's timeouts, so a test against a stuck receiver fails instead of hanging. */
    private static final String TIMEOUT_MILLIS = "10000";

    private static final Lazy<ClientTrust> SHARED = new Lazy<>(() -> new ClientTrust(CertificateAuthority.shared()));

    private final CertificateAuthority authority;
    private final SSLContext context;
    private final Lazy<SSLContext> contextWithCertificate;
    private Path directory;
    private Path caPem;
    private Path trustStore;
    private Path clientKeyStore;

    private ClientTrust(CertificateAuthority authority) {
        this.authority = authority;
        this.context = sslContext(null);
        this.contextWithCertificate = new Lazy<>(() -> sslContext(authority.clientIdentity()));
    }

    /**
     * The trust of this JVM's {@link CertificateAuthority#shared() authority}, created on first use.
     *
     * @return the shared instance
     */
    public static ClientTrust shared() {
        return SHARED.get();
    }

    /**
     * The trust of another authority.
     *
     * @param authority the authority to trust
     * @return a new instance
     */
    public static ClientTrust of(CertificateAuthority authority) {
        return new ClientTrust(authority);
    }

    /**
     * A context that trusts the authority (and nothing else) and presents no client certificate.
     *
     * @return the client context
     */
    public SSLContext sslContext() {
        return context;
    }

    /**
     * A context that trusts the authority and presents its {@link CertificateAuthority#clientIdentity()
     * client certificate} when the server asks for one.
     *
     * @return the client context with a certificate
     */
    public SSLContext sslContextWithClientCertificate() {
        return contextWithCertificate.get();
    }

    /**
     * The CA certificate as PEM text (RFC 7468 5).
     *
     * @return {@code -----BEGIN CERTIFICATE-----} ... with lines of 64 characters
     */
    public String caPem() {
        return pem(authority.certificate());
    }

    /** RFC 7468 5: base64 in lines of 64 characters between the labels. */
    static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("Cannot encode the certificate " + certificate.getSubjectX500Principal()
                    + ": " + e, e);
        }
    }

    /**
     * The CA certificate in a PEM file, for {@code curl --cacert}, Python's
     * {@code ssl.create_default_context(cafile=...)} or {@code openssl s_client -CAfile}.
     *
     * @return the file ({@code ca.pem})
     */
    public synchronized Path caPemFile() {
        if (caPem == null) {
            caPem = write("ca.pem", out -> out.write(caPem().getBytes(StandardCharsets.US_ASCII)));
        }
        return caPem;
    }

    /**
     * A PKCS #12 trust store holding the CA certificate, password {@link #PASSWORD}, for
     * {@code -Djavax.net.ssl.trustStore} or a client that takes a trust store file.
     *
     * @return the file ({@code truststore.p12})
     */
    public synchronized Path trustStoreFile() {
        if (trustStore == null) {
            trustStore = write("truststore.p12", out -> store(trustStore(authority.certificate()), out));
        }
        return trustStore;
    }

    /**
     * A PKCS #12 key store with the client certificate and key, password {@link #PASSWORD}, for
     * tests of client authentication ({@code curl --cert-type P12 --cert file:password}).
     *
     * @return the file ({@code client.p12})
     */
    public synchronized Path clientKeyStoreFile() {
        if (clientKeyStore == null) {
            clientKeyStore = write("client.p12",
                    out -> store(authority.clientIdentity().keyStore(PASSWORD.toCharArray()), out));
        }
        return clientKeyStore;
    }

    /**
     * Jakarta Mail (Angus Mail) properties that reach a receiver at {@code host:port} in the
     * given mode and trust its certificate, checking its identity against {@code host}.
     * STARTTLS is required, not only enabled, so a test fails if the upgrade does not happen.
     *
     * @param mode how the receiver offers TLS
     * @param host the host name or address the client connects to
     * @param port the receiver's port
     * @return new properties, for {@code mail.smtp} (and {@code mail.smtps} for implicit TLS)
     */
    public Properties javaMailProperties(TlsMode mode, String host, int port) {
        Properties props = new Properties();
        connection(props, "mail.smtp", host, port);
        switch (mode) {
            case NONE -> { }
            case STARTTLS -> {
                props.setProperty("mail.smtp.starttls.enable", "true");
                props.setProperty("mail.smtp.starttls.required", "true");
                trust(props, "mail.smtp");
            }
            case IMPLICIT -> {
                props.setProperty("mail.smtp.ssl.enable", "true");
                trust(props, "mail.smtp");
                // The "smtps" transport reads its own prefix.
                connection(props, "mail.smtps", host, port);
                trust(props, "mail.smtps");
            }
        }
        return props;
    }

    private static void connection(Properties props, String prefix, String host, int port) {
        props.setProperty(prefix + ".host", host);
        props.setProperty(prefix + ".port", String.valueOf(port));
        props.setProperty(prefix + ".connectiontimeout", TIMEOUT_MILLIS);
        props.setProperty(prefix + ".timeout", TIMEOUT_MILLIS);
        props.setProperty(prefix + ".writetimeout", TIMEOUT_MILLIS);
    }

    private void trust(Properties props, String prefix) {
        // An object, not a class name: Angus Mail uses it for implicit TLS and for STARTTLS alike.
        props.put(prefix + ".ssl.socketFactory", context.getSocketFactory());
        props.setProperty(prefix + ".ssl.checkserveridentity", "true");
    }

    /** A PKCS #12 store with one trusted-certificate entry. */
    static KeyStore trustStore(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(Identity.ALIAS + "-ca", ca);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a trust store: " + e, e);
        }
    }

    private SSLContext sslContext(Identity identity) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(authority.certificate()));
            KeyManagerFactory keys = null;
            if (identity != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity.keyStore(PASSWORD.toCharArray()), PASSWORD.toCharArray());
            }
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the client SSLContext: " + e, e);
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void store(KeyStore store, OutputStream out) throws IOException {
        try {
            store.store(out, PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot write the key store: " + e, e);
        }
    }

    /** Callers hold the monitor. A failure leaves nothing cached, so the next call tries again. */
    private Path write(String name, Writer writer) {
        try {
            if (directory == null) {
                // POSIX: created rwx------, so the client key is readable by this user only.
                directory = Files.createTempDirectory("smtp-testkit-tls-");
                directory.toFile().deleteOnExit(); // deleted after the files registered later
            }
            Path file = directory.resolve(name);
            try (OutputStream out = Files.newOutputStream(file)) {
                writer.write(out);
            }
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + name + " to a temporary directory: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ClientTrust{" + authority.certificate().getSubjectX500Principal().getName() + "}";
    }
}
