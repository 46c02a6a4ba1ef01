package dev.smtptestkit.internal.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A certificate authority created at run time, and the server and client certificates it signs.
 * {@link #shared()} is the one of this JVM: created on first use, thread-safe, cached; a failure
 * is thrown to the caller and the next call tries again, so nothing stays broken.
 *
 * <pre>{@code
 * Identity server = CertificateAuthority.shared().serverIdentity("mail.example.test");
 * }</pre>
 */
public final class CertificateAuthority {

    /** RFC 5280 4.1.2.5: from a day ago (clock skew between processes), for ten years. */
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final int VALID_YEARS = 10;
    /** Server names come from configuration, but a long-lived JVM must not grow without bound. */
    private static final int MAX_CACHED_SERVERS = 256;

    private static final Lazy<CertificateAuthority> SHARED = new Lazy<>(() -> create(KeyKind.EC_P256));

    private final KeyKind kind;
    private final SecureRandom random;
    private final KeyPair keys;
    private final String commonName;
    private final X509Certificate certificate;
    private final Instant notAfter;
    private final Map<ServerName, Identity> servers = new ConcurrentHashMap<>();
    private final Lazy<Identity> client = new Lazy<>(
            () -> issue(CertificateWriter.Profile.CLIENT, "smtp-testkit client", List.of()));

    private CertificateAuthority(KeyKind kind) throws GeneralSecurityException {
        this.kind = kind;
        this.random = new SecureRandom();
        this.keys = kind.generate(random);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // One day of slack so every certificate it signs within a day ends before it does.
        this.notAfter = now.atZone(ZoneOffset.UTC).plusYears(VALID_YEARS).plusDays(1).toInstant();
        byte[] id = new byte[4];
        random.nextBytes(id);
        // A name of its own per JVM, so two runs' authorities are never mistaken for each other.
        this.commonName = "smtp-testkit test CA " + HexFormat.of().formatHex(id);
        this.certificate = CertificateWriter.write(
                new CertificateWriter.Subject(CertificateWriter.Profile.AUTHORITY, commonName, keys.getPublic(), List.of()),
                issuer(), now.minus(BACKDATE), notAfter, random);
    }

    /**
     * The authority of this JVM, created on the first call (EC P-256).
     *
     * @return the shared authority
     * @throws IllegalStateException when the JDK cannot create the keys or the certificate
     */
    public static CertificateAuthority shared() {
        return SHARED.get();
    }

    /**
     * A new authority of its own, not shared (for tests of the encoding, or a receiver that must
     * not be trusted by clients of another).
     *
     * @param kind the key type of the authority and of everything it signs
     * @return a new authority
     * @throws IllegalStateException when the JDK cannot create the keys or the certificate
     */
    public static CertificateAuthority create(KeyKind kind) {
        try {
            return new CertificateAuthority(kind);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create the test certificate authority (" + kind + "): " + e, e);
        }
    }

    /**
     * The self-signed CA certificate, the one clients trust.
     *
     * @return the CA certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A server certificate for {@code serverName} and the loopback names (localhost, 127.0.0.1,
     * ::1), signed by this authority; one per name, cached.
     *
     * @param serverName a DNS name or an IP literal
     * @return the key and the chain (server certificate, CA certificate)
     * @throws IllegalArgumentException when the name is neither a DNS name nor an IP literal
     */
    public Identity serverIdentity(String serverName) {
        ServerName name = ServerName.parse(serverName);
        Identity cached = servers.get(name);
        if (cached != null) {
            return cached;
        }
        Identity issued = issue(CertificateWriter.Profile.SERVER, name.name(), ServerName.forServer(serverName));
        if (servers.size() >= MAX_CACHED_SERVERS) {
            return issued;
        }
        Identity raced = servers.putIfAbsent(name, issued);
        return raced != null ? raced : issued;
    }

    /**
     * A client certificate (extended key usage clientAuth) signed by this authority, for tests of
     * client authentication; created once.
     *
     * @return the key and the chain (client certificate, CA certificate)
     */
    public Identity clientIdentity() {
        return client.get();
    }

    private Identity issue(CertificateWriter.Profile profile, String commonName, List<ServerName> names) {
        try {
            KeyPair pair = kind.generate(random);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant end = now.atZone(ZoneOffset.UTC).plusYears(VALID_YEARS).toInstant();
            X509Certificate leaf = CertificateWriter.write(
                    new CertificateWriter.Subject(profile, commonName, pair.getPublic(), names),
                    issuer(),
                    now.minus(BACKDATE), end.isAfter(notAfter) ? notAfter : end, random);
            return new Identity(pair.getPrivate(), List.of(leaf, certificate));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create a " + profile.name().toLowerCase(Locale.ROOT)
                    + " certificate for " + commonName + ": " + e, e);
        }
    }

    private CertificateWriter.Issuer issuer() {
        return new CertificateWriter.Issuer(commonName, keys.getPublic(), keys.getPrivate(), kind);
    }

    @Override
    public String toString() {
        return "CertificateAuthority{" + certificate.getSubjectX500Principal().getName() + ", "
                + servers.size() + " server certificates}";
    }
}
