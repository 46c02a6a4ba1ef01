package dev.smtptestkit;

/**
 * The SASL mechanisms the receiver can offer in its {@code AUTH} EHLO keyword (RFC 4954).
 *
 * <pre>{@code
 * AuthPolicy policy = AuthPolicy.validator(c -> c.mechanism() != AuthMechanism.LOGIN && c.secretMatches("s3cret"));
 * }</pre>
 */
public enum AuthMechanism {

    /** RFC 4616: authorization identity, user name and password in one message. */
    PLAIN("PLAIN"),

    /** draft-murchison-sasl-login: the user name and the password in two answers. */
    LOGIN("LOGIN"),

    /** RFC 2195: a keyed MD5 digest of a server challenge; the password is never sent. */
    CRAM_MD5("CRAM-MD5"),

    /** Google's XOAUTH2: a user name and an OAuth 2.0 bearer token. */
    XOAUTH2("XOAUTH2");

    private final String saslName;

    AuthMechanism(String saslName) {
        this.saslName = saslName;
    }

    /**
     * The name as written in EHLO and in the {@code AUTH} command.
     *
     * @return for example {@code "CRAM-MD5"}
     */
    public String saslName() {
        return saslName;
    }
}
