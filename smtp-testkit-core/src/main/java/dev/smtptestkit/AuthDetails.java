package dev.smtptestkit;

import java.util.Objects;
import java.util.Optional;

/**
 * Who logged in with {@code AUTH} (RFC 4954) and how. It holds no password, token or digest.
 *
 * <p>After {@code AUTH PLAIN} with {@code "\0alice\0s3cret"} the details are
 * {@code AuthDetails[mechanism=PLAIN, authorizationId=Optional.empty, user=alice]}.
 *
 * @param mechanism       the SASL mechanism that succeeded
 * @param authorizationId the identity the client asked to act as (PLAIN's authzid, RFC 4616 2),
 *                        empty when the client gave none
 * @param user            the authenticated user name (PLAIN's authcid)
 */
public record AuthDetails(AuthMechanism mechanism, Optional<String> authorizationId, String user) {

    /**
     * Checks that no component is null.
     *
     * @param mechanism       the SASL mechanism that succeeded
     * @param authorizationId the requested authorization identity, or empty
     * @param user            the authenticated user name
     */
    public AuthDetails {
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(authorizationId, "authorizationId");
        Objects.requireNonNull(user, "user");
    }
}
