package dev.smtptestkit.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigInteger;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generated certificates, read back by the JDK's own X.509 parser and PKIX validator. */
class CertificateAuthorityTest {

    private static final int DNS = 2;
    private static final int IP = 7;

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void caIsASelfSignedAuthorityForSigningCertificates(KeyKind kind) throws Exception {
        X509Certificate ca = CertificateAuthority.create(kind).certificate();

        ca.verify(ca.getPublicKey());
        assertThat(ca.getVersion()).isEqualTo(3);
        assertThat(ca.getBasicConstraints()).isZero();                  // CA:true, pathlen 0
        assertThat(ca.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(ca.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
        assertThat(ca.getSubjectX500Principal().getName()).matches("CN=smtp-testkit test CA [0-9a-f]{8},O=smtp-testkit");
        assertThat(ca.getExtensionValue("2.5.29.14")).isNotNull();
        assertThat(ca.getSigAlgName()).isEqualTo(kind == KeyKind.EC_P256 ? "SHA256withECDSA" : "SHA256withRSA");
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void serverCertificateCarriesTheLoopbackNamesAndTheServerName(KeyKind kind) throws Exception {
        CertificateAuthority authority = CertificateAuthority.create(kind);
        Identity server = authority.serverIdentity("mail.example.test");
        X509Certificate leaf = server.certificate();

        leaf.verify(authority.certificate().getPublicKey());
        assertThat(server.chain()).containsExactly(leaf, authority.certificate());
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);              // CA:false
        boolean rsa = kind == KeyKind.RSA_2048;
        assertThat(leaf.getKeyUsage()).startsWith(true, false, rsa);      // digitalSignature (, keyEncipherment)
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(alternativeNames(leaf)).containsExactly(
                List.of(DNS, "localhost"), List.of(IP, "127.0.0.1"), List.of(IP, "0:0:0:0:0:0:0:1"),
                List.of(DNS, "mail.example.test"));
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(authority.certificate().getSubjectX500Principal());
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=mail.example.test,O=smtp-testkit");
        assertThat(leaf.getExtensionValue("2.5.29.35")).isNotNull();
        validates(leaf, authority.certificate());
    }

    @Test
    void validityStartsADayAgoAndLastsTenYears() {
        Instant now = Instant.now();
        X509Certificate leaf = CertificateAuthority.create(KeyKind.EC_P256).serverIdentity("localhost").certificate();

        assertThat(Duration.between(leaf.getNotBefore().toInstant(), now)).isBetween(Duration.ofHours(23), Duration.ofHours(25));
        Instant tenYears = now.atZone(ZoneOffset.UTC).plusYears(10).toInstant();
        assertThat(Duration.between(leaf.getNotAfter().toInstant(), tenYears).abs()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void serialNumbersArePositiveRandomAndAtMostTwentyOctets() {
        CertificateAuthority authority = CertificateAuthority.create(KeyKind.EC_P256);
        List<BigInteger> serials = new ArrayList<>();
        for (String name : List.of("a.test", "b.test", "c.test", "d.test")) {
            serials.add(authority.serverIdentity(name).certificate().getSerialNumber());
        }
        assertThat(serials).allSatisfy(serial -> {
            assertThat(serial.signum()).isPositive();
            assertThat(serial.toByteArray().length).isLessThanOrEqualTo(20);
        }).doesNotHaveDuplicates();
    }

    @Test
    void anIpServerNameBecomesAnIpAddressEntry() throws Exception {
        CertificateAuthority authority = CertificateAuthority.create(KeyKind.EC_P256);

        assertThat(alternativeNames(authority.serverIdentity("192.0.2.7").certificate()))
                .contains(List.of(IP, "192.0.2.7")).doesNotContain(List.of(DNS, "192.0.2.7"));
        assertThat(alternativeNames(authority.serverIdentity("[2001:db8::1]").certificate()))
                .contains(List.of(IP, "2001:db8:0:0:0:0:0:1"));
        // Names already among the loopback ones are not repeated.
        assertThat(alternativeNames(authority.serverIdentity("127.0.0.1").certificate())).hasSize(3);
        assertThat(alternativeNames(authority.serverIdentity("LocalHost").certificate())).hasSize(3);
    }

    @Test
    void anInternationalizedNameIsWrittenAsItsALabel() throws Exception {
        X509Certificate leaf = CertificateAuthority.create(KeyKind.EC_P256).serverIdentity("bücher.example").certificate();

        assertThat(alternativeNames(leaf)).contains(List.of(DNS, "xn--bcher-kva.example"));
    }

    @Test
    void rejectsANameThatIsNeitherHostNorAddress() {
        CertificateAuthority authority = CertificateAuthority.create(KeyKind.EC_P256);

        assertThat(catchThrowable(() -> authority.serverIdentity("mail server")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot create a TLS certificate for server name \"mail server\": a DNS name has 1 to 253 "
                        + "letters, digits, hyphens and dots. Use a host name such as mail.example.test or an IP address.");
        assertThat(catchThrowable(() -> authority.serverIdentity("1:2:3")))
                .hasMessage("Cannot create a TLS certificate for server name \"1:2:3\": it is not a valid IP address. "
                        + "Use a host name such as mail.example.test or an IP address.");
    }

    @Test
    void clientCertificateIsForClientAuthentication() throws Exception {
        CertificateAuthority authority = CertificateAuthority.create(KeyKind.EC_P256);
        X509Certificate client = authority.clientIdentity().certificate();

        assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(client.getBasicConstraints()).isEqualTo(-1);
        assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=smtp-testkit client,O=smtp-testkit");
        assertThat(authority.clientIdentity()).isSameAs(authority.clientIdentity());
        validates(client, authority.certificate());
    }

    @Test
    void cachesOneServerCertificatePerName() {
        CertificateAuthority authority = CertificateAuthority.create(KeyKind.EC_P256);

        assertThat(authority.serverIdentity("mx.test")).isSameAs(authority.serverIdentity("MX.test."));
        assertThat(authority.serverIdentity("mx.test")).isNotSameAs(authority.serverIdentity("other.test"));
    }

    @Test
    @Timeout(30)
    void concurrentFirstCallersShareOneAuthorityAndOneServerCertificate() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Identity>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(() -> {
                    start.await();
                    return CertificateAuthority.shared().serverIdentity("concurrent.test");
                });
            }
            List<Future<Identity>> futures = new ArrayList<>();
            for (Callable<Identity> call : calls) {
                futures.add(pool.submit(call));
            }
            start.countDown();
            Set<Identity> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Future<Identity> future : futures) {
                distinct.add(future.get());
            }
            assertThat(distinct).hasSize(1);
            assertThat(CertificateAuthority.shared()).isSameAs(CertificateAuthority.shared());
        } finally {
            pool.shutdownNow();
        }
    }

    /** PKIX path validation (RFC 5280 6) with the CA as the only trust anchor. */
    static void validates(X509Certificate leaf, X509Certificate ca) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }

    private static List<List<?>> alternativeNames(X509Certificate certificate) throws Exception {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        return names == null ? List.of() : List.copyOf(names);
    }
}
