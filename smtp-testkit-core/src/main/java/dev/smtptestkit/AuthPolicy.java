package dev.smtptestkit;

import java.util.Map;
import java.util.Objects;

/**
 * Which logins the receiver accepts when {@code AUTH} (RFC 4954) is on.
 *
 * <pre>{@code
 * AuthPolicy.acceptAny();                                   // the default: any login, recording who logged in
 * AuthPolicy.users(Map.of("alice", "s3cret"));              // a fixed set of users
 * AuthPolicy.validator(c -> c.secretMatches(tokens.get(c.user())));   // the test decides
 * }</pre>
 *
 * <p>A refused login is answered {@code 535 5.7.8 Authentication credentials invalid}; it is the
 * scenario under test, not a protocol violation.
 */
public final class AuthPolicy {

    private static final AuthPolicy ACCEPT_ANY = new AuthPolicy(null, null);

    private final Map<String, String> users;
    private final CredentialsValidator validator;

    private AuthPolicy(Map<String, String> users, CredentialsValidator validator) {
        this.users = users;
        this.validator = validator;
    }

    /**
     * Accepts every well-formed login with any user name and secret (CRAM-MD5 digests are not
     * checked). The user name is still recorded.
     *
     * @return the policy
     */
    public static AuthPolicy acceptAny() {
        return ACCEPT_ANY;
    }

    /**
     * Accepts exactly these users: user name to password (PLAIN, LOGIN, CRAM-MD5) or to bearer
     * token (XOAUTH2). User names are case-sensitive.
     *
     * @param users user name to password or token; copied
     * @return the policy
     * @throws IllegalArgumentException when {@code users} is empty
     */
    public static AuthPolicy users(Map<String, String> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("AuthPolicy.users(...) needs at least one user name and password;"
                    + " to accept every login use AuthPolicy.acceptAny()");
        }
        return new AuthPolicy(Map.copyOf(users), null);
    }

    /**
     * Lets the test decide each login.
     *
     * @param validator called once per completed login attempt, on the session's thread
     * @return the policy
     */
    public static AuthPolicy validator(CredentialsValidator validator) {
        return new AuthPolicy(null, Objects.requireNonNull(validator, "validator"));
    }

    /**
     * Whether this policy accepts the credentials. A validator's exception is passed on.
     *
     * @param credentials what the client sent
     * @return true to accept the login
     */
    public boolean accepts(Credentials credentials) {
        if (validator != null) {
            return validator.isValid(credentials);
        }
        if (users != null) {
            String secret = users.get(credentials.user());
            return secret != null && credentials.secretMatches(secret);
        }
        return true;
    }

    /**
     * What the policy does, without secrets.
     *
     * @return for example {@code AuthPolicy{users [alice, bob]}}
     */
    @Override
    public String toString() {
        if (validator != null) {
            return "AuthPolicy{validator}";
        }
        return users == null ? "AuthPolicy{accept any}" : "AuthPolicy{users " + users.keySet().stream().sorted().toList() + "}";
    }
}
