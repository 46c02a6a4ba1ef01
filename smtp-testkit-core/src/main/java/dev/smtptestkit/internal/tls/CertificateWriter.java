package dev.smtptestkit.internal.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and signs one X.509 v3 certificate (RFC 5280 4.1) in DER, then hands it to the JDK's
 * {@link CertificateFactory} so what leaves here is a parsed, signature-checked certificate.
 */
final class CertificateWriter {

    /** What the certificate is for; each profile has its own extensions (RFC 5280 4.2.1). */
    enum Profile {
        /** A self-signed trust anchor that signs the others. */
        AUTHORITY,
        /** A TLS server: serverAuth, with the subject alternative names. */
        SERVER,
        /** A TLS client: clientAuth. */
        CLIENT
    }

    /** The subject's side of a certificate. */
    record Subject(Profile profile, String commonName, PublicKey key, List<ServerName> alternativeNames) {
        Subject {
            alternativeNames = List.copyOf(alternativeNames);
        }
    }

    /** The issuer's side: its name, its public key (for the key identifier) and its signing key. */
    record Issuer(String commonName, PublicKey key, PrivateKey signingKey, KeyKind kind) {
    }

    static final String ORGANIZATION = "smtp-testkit";

    // RFC 5280 4.1.2.4 and X.520: attribute types.
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ORGANIZATION_NAME = "2.5.4.10";
    // RFC 5280 4.2.1: extension identifiers.
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    // RFC 5280 4.2.1.12.
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    // RFC 5280 4.2.1.3: KeyUsage bit positions.
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;
    /** X.520 ub-common-name. */
    private static final int MAX_COMMON_NAME = 64;

    private CertificateWriter() {
    }

    static X509Certificate write(Subject subject, Issuer issuer, Instant notBefore, Instant notAfter,
            SecureRandom random) throws GeneralSecurityException {
        byte[] algorithm = issuer.kind().signatureAlgorithmIdentifier();
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(2)),          // RFC 5280 4.1.2.1: v3
                Der.integer(serial(random)),
                algorithm,                                // 4.1.2.3: same as signatureAlgorithm
                name(issuer.commonName()),
                Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                name(subject.commonName()),
                subject.key().getEncoded(),               // 4.1.2.7: the JDK's X.509 encoding is SPKI
                Der.explicit(3, Der.sequence(extensions(subject, issuer))));
        Signature signature = Signature.getInstance(issuer.kind().signatureAlgorithm());
        signature.initSign(issuer.signingKey(), random);
        signature.update(tbs);
        byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signature.sign()));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        certificate.verify(issuer.key());
        return certificate;
    }

    /** RFC 5280 4.1.2.2: positive, at most 20 octets, unpredictable; 16 random octets. */
    private static BigInteger serial(SecureRandom random) {
        byte[] bytes = new byte[16];
        BigInteger serial;
        do {
            random.nextBytes(bytes);
            serial = new BigInteger(1, bytes);
        } while (serial.signum() == 0);
        return serial;
    }

    /** RFC 5280 4.1.2.4: O, then CN, each a UTF8String in its own RDN. */
    private static byte[] name(String commonName) {
        String cn = commonName.length() > MAX_COMMON_NAME ? commonName.substring(0, MAX_COMMON_NAME) : commonName;
        return Der.sequence(
                Der.set(Der.sequence(Der.oid(ORGANIZATION_NAME), Der.utf8(ORGANIZATION))),
                Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8(cn))));
    }

    private static byte[][] extensions(Subject subject, Issuer issuer) throws GeneralSecurityException {
        List<byte[]> extensions = new ArrayList<>();
        Profile profile = subject.profile();
        if (profile == Profile.AUTHORITY) {
            // 4.2.1.9: critical in a CA; pathLenConstraint 0: it signs end entities only.
            extensions.add(extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true), Der.integer(0))));
            // 4.2.1.3: keyCertSign goes with cA TRUE.
            extensions.add(extension(KEY_USAGE, true, Der.namedBits(KEY_CERT_SIGN, CRL_SIGN)));
        } else {
            // 4.2.1.9: cA FALSE is the DEFAULT, so DER leaves the SEQUENCE empty.
            extensions.add(extension(BASIC_CONSTRAINTS, true, Der.sequence()));
            boolean encipherment = profile == Profile.SERVER && issuer.kind().encipherment();
            extensions.add(extension(KEY_USAGE, true, encipherment
                    ? Der.namedBits(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT)
                    : Der.namedBits(DIGITAL_SIGNATURE)));
            // 4.2.1.12
            extensions.add(extension(EXTENDED_KEY_USAGE, false,
                    Der.sequence(Der.oid(profile == Profile.SERVER ? SERVER_AUTH : CLIENT_AUTH))));
        }
        if (!subject.alternativeNames().isEmpty()) {
            // 4.2.1.6: non-critical, as the subject name is not empty.
            byte[][] names = subject.alternativeNames().stream().map(ServerName::generalName).toArray(byte[][]::new);
            extensions.add(extension(SUBJECT_ALT_NAME, false, Der.sequence(names)));
        }
        // 4.2.1.2: a CA MUST carry a subject key identifier; end entities SHOULD.
        extensions.add(extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyIdentifier(subject.key()))));
        if (profile != Profile.AUTHORITY) {
            // 4.2.1.1: MUST, except in a self-signed certificate; keyIdentifier is [0] IMPLICIT.
            extensions.add(extension(AUTHORITY_KEY_IDENTIFIER, false,
                    Der.sequence(Der.implicit(0, keyIdentifier(issuer.key())))));
        }
        return extensions.toArray(byte[][]::new);
    }

    /** RFC 5280 4.1: Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue OCTET STRING }. */
    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits. */
    private static byte[] keyIdentifier(PublicKey key) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-1").digest(Der.subjectPublicKeyBits(key.getEncoded()));
    }
}
