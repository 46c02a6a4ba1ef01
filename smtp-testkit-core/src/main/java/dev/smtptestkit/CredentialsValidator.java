package dev.smtptestkit;

/**
 * A test's own check of a login, for {@link AuthPolicy#validator(CredentialsValidator)}.
 *
 * <pre>{@code
 * CredentialsValidator validator = credentials -> credentials.user().equals("alice")
 *         && credentials.secretMatches(tokenService.currentToken());
 * }</pre>
 *
 * <p>It runs on the session's thread, once per completed login attempt. If it throws, the client
 * gets {@code 454 4.7.0 Temporary authentication failure} and the exception is recorded.
 */
@FunctionalInterface
public interface CredentialsValidator {

    /**
     * Whether these credentials are accepted.
     *
     * @param credentials what the client sent: mechanism, user name and the password, the token or
     *                    (CRAM-MD5) a digest to check with {@link Credentials#secretMatches(String)}
     * @return true to answer {@code 235 2.7.0}, false to answer {@code 535 5.7.8}
     */
    boolean isValid(Credentials credentials);
}
