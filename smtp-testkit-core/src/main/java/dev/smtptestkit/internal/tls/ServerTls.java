package dev.smtptestkit.internal.tls;

import dev.smtptestkit.ClientAuth;
import dev.smtptestkit.TlsDetails;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The server side of TLS for a receiver: an {@link SSLContext} limited to TLS 1.3 and 1.2, and the
 * handshake over a connected socket (the accepted one for implicit TLS, RFC 8314 3.3; the same one
 * after {@code 220} to STARTTLS, RFC 3207 4.2), on the calling thread.
 *
 * <pre>{@code
 * ServerTls tls = ServerTls.generated("localhost");
 * SSLSocket socket = tls.wrap(accepted, true, ClientAuth.NONE);   // throws TlsHandshakeException
 * TlsDetails details = ServerTls.details(socket);
 * }</pre>
 *
 * The handshake's reads are bounded by the plain socket's read timeout ({@link Socket#setSoTimeout}),
 * so a client that connects and sends nothing fails with {@link TlsHandshakeException.Failure#TIMED_OUT}.
 */
public final class ServerTls {

    /** RFC 8996 deprecates TLS 1.0 and 1.1; RFC 8314 4.1 asks for 1.2 or later. Preferred first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Only ever in memory: protects the generated key inside the key store the key manager reads. */
    private static final char[] IN_MEMORY_PASSWORD = "smtp-testkit".toCharArray();

    // generated(serverName) for the shared authority, per name as given; bounded like its certificates
    private static final int MAX_SHARED = 256;
    private static final ConcurrentHashMap<String, ServerTls> SHARED = new ConcurrentHashMap<>();

    private final SSLContext context;
    private final SSLSocketFactory factory;
    private final String[] protocols;

    private ServerTls(SSLContext context, List<String> wanted) {
        this.context = Objects.requireNonNull(context, "context");
        try {
            this.factory = context.getSocketFactory();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("The SSLContext is not initialized: call init(keyManagers, "
                    + "trustManagers, random) on it before passing it.", e);
        }
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        this.protocols = wanted.stream().filter(supported::contains).toArray(String[]::new);
        if (protocols.length == 0) {
            throw new IllegalArgumentException("The SSLContext (" + context.getProtocol() + ") supports none of "
                    + wanted + " (it supports " + supported + "): create it with SSLContext.getInstance(\"TLS\").");
        }
    }

    /**
     * TLS with a server certificate for {@code serverName} signed by this JVM's
     * {@link CertificateAuthority#shared() authority}; client certificates it signed are trusted.
     * Created once per name and shared by every receiver of that name.
     *
     * @param serverName the receiver's name (DNS name or IP literal), besides the loopback names
     * @return the server side of TLS
     */
    public static ServerTls generated(String serverName) {
        // Building the context (key manager, trust manager, SSLContext.init) costs about 12 ms; a
        // receiver per test would pay it on every start. The context is immutable and thread-safe,
        // so receivers with the same name share one (the handshake options are set per socket).
        ServerTls cached = SHARED.get(serverName);
        if (cached != null) {
            return cached;
        }
        ServerTls created = generated(CertificateAuthority.shared(), serverName);
        if (SHARED.size() >= MAX_SHARED) {
            return created;
        }
        ServerTls raced = SHARED.putIfAbsent(serverName, created);
        return raced != null ? raced : created;
    }

    /**
     * TLS with a server certificate for {@code serverName} signed by {@code authority}.
     *
     * @param authority  signs the server certificate and is the only issuer trusted for client certificates
     * @param serverName the receiver's name (DNS name or IP literal), besides the loopback names
     * @return the server side of TLS
     */
    public static ServerTls generated(CertificateAuthority authority, String serverName) {
        Identity identity = authority.serverIdentity(serverName);
        try {
            return new ServerTls(context(identity.keyStore(IN_MEMORY_PASSWORD), IN_MEMORY_PASSWORD,
                    ClientTrust.trustStore(authority.certificate())), PROTOCOLS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS with the generated certificate: " + e, e);
        }
    }

    /**
     * TLS with the user's key store: its private key entry is the server's identity, and its
     * trusted-certificate entries are the issuers accepted for client certificates.
     *
     * @param keyStore a loaded key store with one private key entry (PKCS12 or JKS)
     * @param password the password of the key entry
     * @return the server side of TLS
     * @throws IllegalArgumentException when the store holds no key entry or the password does not open it
     */
    public static ServerTls fromKeyStore(KeyStore keyStore, char[] password) {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        try {
            if (!hasKeyEntry(keyStore)) {
                throw new IllegalArgumentException("The key store holds no private key entry: TLS needs the server's "
                        + "key and certificate chain. Add one (keytool -genkeypair) or pass an SSLContext instead.");
            }
            return new ServerTls(context(keyStore, password, keyStore), PROTOCOLS);
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("The key store's private key cannot be read with the password given ("
                    + e.getMessage() + "): pass the password of the key entry.", e);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("The key store is not loaded: call keyStore.load(...) before passing it.", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS with the key store: " + e, e);
        }
    }

    /**
     * TLS with the user's context, used as it is except that only TLS 1.3 and 1.2 are enabled.
     *
     * @param context an initialized context for protocol "TLS"
     * @return the server side of TLS
     * @throws IllegalArgumentException when the context is not initialized or supports neither version
     */
    public static ServerTls fromSslContext(SSLContext context) {
        return new ServerTls(context, PROTOCOLS);
    }

    /**
     * The same, limited to some of {@link #PROTOCOLS} (to test a client against one version).
     *
     * @param versions for example {@code "TLSv1.2"}
     * @return a new instance sharing the context
     * @throws IllegalArgumentException when a version is not one of {@link #PROTOCOLS}
     */
    public ServerTls withProtocols(String... versions) {
        for (String version : versions) {
            if (!PROTOCOLS.contains(version)) {
                throw new IllegalArgumentException("TLS version \"" + version + "\" is not offered: choose from " + PROTOCOLS + ".");
            }
        }
        return new ServerTls(context, List.of(versions));
    }

    /**
     * The context, for code that builds its own sockets.
     *
     * @return the SSL context
     */
    public SSLContext sslContext() {
        return context;
    }

    /**
     * The enabled protocol versions, preferred first.
     *
     * @return a subset of {@link #PROTOCOLS}
     */
    public List<String> protocols() {
        return List.of(protocols);
    }

    /**
     * Layers TLS over a connected socket and performs the handshake on the calling thread.
     * Closing the returned socket closes {@code plain}. On failure, {@code plain} is left to the
     * caller to close (the JDK has already sent its alert).
     *
     * @param plain      the connected socket; its read timeout bounds the handshake
     * @param serverMode true for the receiver's side; false to act as the TLS client (a sender)
     * @param clientAuth whether to ask the client for a certificate; NONE in client mode
     * @return the TLS socket, handshake done
     * @throws TlsHandshakeException when the handshake fails, with the cause in one line
     * @throws IOException           when the TLS socket cannot be created over {@code plain}
     */
    public SSLSocket wrap(Socket plain, boolean serverMode, ClientAuth clientAuth) throws IOException {
        if (!serverMode && clientAuth != ClientAuth.NONE) {
            throw new IllegalArgumentException("Client authentication " + clientAuth + " applies to the server side "
                    + "only: pass ClientAuth.NONE with serverMode false.");
        }
        // RFC 3207 4.2 / RFC 8314 3.3: the handshake starts at once on the same connection.
        SSLSocket tls = (SSLSocket) factory.createSocket(plain, null, plain.getPort(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setProtocols(protocols);
        tls.setUseClientMode(!serverMode);
        if (serverMode) {
            switch (clientAuth) {
                case NEED -> parameters.setNeedClientAuth(true);
                case WANT -> parameters.setWantClientAuth(true);
                case NONE -> parameters.setWantClientAuth(false); // clears "need" as well
            }
        }
        tls.setSSLParameters(parameters);
        try {
            tls.startHandshake();
        } catch (IOException e) {
            throw TlsHandshakeException.of(e);
        }
        return tls;
    }

    /**
     * What the completed handshake on {@code socket} negotiated.
     *
     * @param socket a socket returned by {@link #wrap}
     * @return protocol, cipher suite, SNI host name (RFC 6066 3) and the client's certificate
     */
    public static TlsDetails details(SSLSocket socket) {
        SSLSession session = socket.getSession();
        Optional<String> sni = Optional.empty();
        if (session instanceof ExtendedSSLSession extended) {
            sni = extended.getRequestedServerNames().stream()
                    .filter(SNIHostName.class::isInstance)
                    .map(name -> ((SNIHostName) name).getAsciiName())
                    .findFirst();
        }
        return new TlsDetails(session.getProtocol(), session.getCipherSuite(), sni, peerCertificate(session));
    }

    private static Optional<X509Certificate> peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty(); // the client presented none
        }
    }

    private static SSLContext context(KeyStore keys, char[] password, KeyStore trust) throws GeneralSecurityException {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static boolean hasKeyEntry(KeyStore store) throws KeyStoreException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ServerTls{" + String.join(", ", protocols) + "}";
    }
}
