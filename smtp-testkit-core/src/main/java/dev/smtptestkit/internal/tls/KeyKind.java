package dev.smtptestkit.internal.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/**
 * The key pairs the generated certificates use, with the matching signature algorithm and the
 * key usage bits RFC 5280 4.2.1.3 allows for a TLS server key of that type.
 */
public enum KeyKind {
    /** NIST P-256 with ECDSA over SHA-256 (RFC 5758 3.2): fast to generate; the default. */
    EC_P256("SHA256withECDSA", "1.2.840.10045.4.3.2", false),
    /** RSA 2048 with PKCS #1 v1.5 over SHA-256 (RFC 4055 5): for clients that know no ECDSA. */
    RSA_2048("SHA256withRSA", "1.2.840.113549.1.1.11", true);

    private final String signatureAlgorithm;
    private final String signatureOid;
    private final boolean rsa;

    KeyKind(String signatureAlgorithm, String signatureOid, boolean rsa) {
        this.signatureAlgorithm = signatureAlgorithm;
        this.signatureOid = signatureOid;
        this.rsa = rsa;
    }

    KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
        if (rsa) {
            generator.initialize(2048, random);
        } else {
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        }
        return generator.generateKeyPair();
    }

    /** The JCA name for {@link java.security.Signature#getInstance(String)}. */
    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /**
     * The AlgorithmIdentifier of the signature: RFC 5758 3.2 omits the parameters for ECDSA,
     * RFC 4055 5 (via RFC 3279 2.2.1) gives NULL for RSA.
     */
    byte[] signatureAlgorithmIdentifier() {
        return rsa
                ? Der.sequence(Der.oid(signatureOid), Der.nullValue())
                : Der.sequence(Der.oid(signatureOid));
    }

    /**
     * Whether the key may carry keyEncipherment: only an RSA key can encrypt a TLS 1.2 premaster
     * secret (RFC 5246 7.4.2); an EC key in TLS only signs (RFC 8422 5.10).
     */
    boolean encipherment() {
        return rsa;
    }
}
