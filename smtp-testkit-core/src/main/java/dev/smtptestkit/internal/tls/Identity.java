package dev.smtptestkit.internal.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with its certificate chain (leaf first, then the CA), as a TLS peer presents it.
 *
 * @param key   the private key of the leaf
 * @param chain the leaf certificate, then its issuers
 */
public record Identity(PrivateKey key, List<X509Certificate> chain) {

    /** The alias under which {@link #keyStore(char[])} stores the entry. */
    public static final String ALIAS = "smtp-testkit";

    /**
     * Takes an immutable copy of the chain.
     *
     * @param key   the private key of the leaf
     * @param chain the leaf certificate, then its issuers; not empty
     */
    public Identity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an identity needs at least its own certificate");
        }
    }

    /**
     * The leaf certificate.
     *
     * @return the first certificate of the chain
     */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * A PKCS #12 key store holding this identity under {@link #ALIAS}.
     *
     * @param password protects the store and the key entry
     * @return a new, loaded key store
     */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a PKCS12 key store for " + certificate().getSubjectX500Principal()
                    + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "Identity{" + certificate().getSubjectX500Principal().getName() + "}";
    }
}
