package dev.smtptestkit;

import dev.smtptestkit.internal.auth.CramMd5;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client sent to log in, as a {@link CredentialsValidator} sees it: the mechanism, the user
 * name and the secret. The secret is the password (PLAIN, LOGIN), the bearer token (XOAUTH2) or,
 * for CRAM-MD5, a digest of a challenge that only {@link #secretMatches(String)} can check.
 *
 * <pre>{@code
 * Credentials credentials = Credentials.ofPassword(AuthMechanism.PLAIN, Optional.empty(), "alice", "s3cret");
 * assertThat(credentials.secretMatches("s3cret")).isTrue();
 * }</pre>
 *
 * <p>{@link #toString()} never shows the secret. The factories exist so a test can check its own
 * validator without a receiver.
 */
public final class Credentials {

    private final AuthMechanism mechanism;
    private final Optional<String> authorizationId;
    private final String user;
    private final String secret;
    private final String challenge;

    private Credentials(AuthMechanism mechanism, Optional<String> authorizationId, String user, String secret,
                        String challenge) {
        this.mechanism = mechanism;
        this.authorizationId = Objects.requireNonNull(authorizationId, "authorizationId");
        this.user = Objects.requireNonNull(user, "user");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.challenge = challenge;
    }

    /**
     * A PLAIN or LOGIN login: the password itself.
     *
     * @param mechanism       {@link AuthMechanism#PLAIN} or {@link AuthMechanism#LOGIN}
     * @param authorizationId the identity to act as (PLAIN only), or empty
     * @param user            the user name
     * @param password        the password
     * @return the credentials
     * @throws IllegalArgumentException for another mechanism
     */
    public static Credentials ofPassword(AuthMechanism mechanism, Optional<String> authorizationId, String user,
                                         String password) {
        if (mechanism != AuthMechanism.PLAIN && mechanism != AuthMechanism.LOGIN) {
            throw new IllegalArgumentException("Credentials.ofPassword takes PLAIN or LOGIN, not " + mechanism
                    + ": use ofToken for XOAUTH2 and ofCramMd5 for CRAM-MD5");
        }
        return new Credentials(mechanism, authorizationId, user, password, null);
    }

    /**
     * An XOAUTH2 login: the user name and the bearer token.
     *
     * @param user  the user name
     * @param token the OAuth 2.0 access token, without the {@code Bearer } prefix
     * @return the credentials
     */
    public static Credentials ofToken(String user, String token) {
        return new Credentials(AuthMechanism.XOAUTH2, Optional.empty(), user, token, null);
    }

    /**
     * A CRAM-MD5 login (RFC 2195): the challenge the receiver sent and the client's digest of it.
     *
     * @param user      the user name
     * @param challenge the challenge, for example {@code <1896.697170952@postoffice.reston.mci.net>}
     * @param digest    the client's HMAC-MD5 of the challenge keyed with the password, 32 hex digits
     * @return the credentials
     */
    public static Credentials ofCramMd5(String user, String challenge, String digest) {
        Objects.requireNonNull(challenge, "challenge");
        return new Credentials(AuthMechanism.CRAM_MD5, Optional.empty(), user, digest.toLowerCase(Locale.ROOT),
                challenge);
    }

    /**
     * The mechanism the client used.
     *
     * @return the mechanism
     */
    public AuthMechanism mechanism() {
        return mechanism;
    }

    /**
     * The identity the client asked to act as (PLAIN's authzid, RFC 4616 2).
     *
     * @return the authorization identity, or empty when none was given
     */
    public Optional<String> authorizationId() {
        return authorizationId;
    }

    /**
     * The user name (PLAIN's authcid).
     *
     * @return the user name, never empty
     */
    public String user() {
        return user;
    }

    /**
     * The password, for PLAIN and LOGIN.
     *
     * @return the password, or empty for XOAUTH2 and CRAM-MD5
     */
    public Optional<String> password() {
        return mechanism == AuthMechanism.PLAIN || mechanism == AuthMechanism.LOGIN
                ? Optional.of(secret) : Optional.empty();
    }

    /**
     * The bearer token, for XOAUTH2.
     *
     * @return the token, or empty for the other mechanisms
     */
    public Optional<String> token() {
        return mechanism == AuthMechanism.XOAUTH2 ? Optional.of(secret) : Optional.empty();
    }

    /**
     * Whether the client proved it knows {@code expected}: the password for PLAIN and LOGIN, the
     * token for XOAUTH2, and for CRAM-MD5 the password whose digest of the challenge is the one the
     * client sent (RFC 2195 2). Compared in constant time.
     *
     * @param expected the password or token the test expects
     * @return true when it matches
     */
    public boolean secretMatches(String expected) {
        Objects.requireNonNull(expected, "expected");
        String presented = mechanism == AuthMechanism.CRAM_MD5 ? CramMd5.digest(expected, challenge) : expected;
        return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The mechanism and user, with the secret masked.
     *
     * @return for example {@code Credentials{PLAIN, user=alice, password=****}}
     */
    @Override
    public String toString() {
        String kind = switch (mechanism) {
            case PLAIN, LOGIN -> "password";
            case XOAUTH2 -> "token";
            case CRAM_MD5 -> "digest";
        };
        return "Credentials{" + mechanism.saslName() + ", user=" + user
                + authorizationId.map(id -> ", authorizationId=" + id).orElse("") + ", " + kind + "=****}";
    }
}
