package dev.smtptestkit.internal.auth;

import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.Credentials;
import dev.smtptestkit.internal.auth.AuthStep.Challenge;
import dev.smtptestkit.internal.auth.AuthStep.Failure;
import dev.smtptestkit.internal.auth.AuthStep.Reason;
import dev.smtptestkit.internal.auth.AuthStep.Success;
import dev.smtptestkit.internal.protocol.Replies;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server side of SASL for one session (RFC 4954 4): {@link #start} for each {@code AUTH}
 * command, then {@link #next} for each client line while the last step was a {@link Challenge}.
 * Pure: it decodes, checks and answers; the session sends the replies and keeps the state of the
 * SMTP dialogue (whether AUTH is allowed now, the failure count).
 *
 * <pre>
 * C: AUTH LOGIN               start("LOGIN", empty, tls)  → Challenge("VXNlcm5hbWU6")   S: 334 VXNlcm5hbWU6
 * C: YWxpY2U=                 next("YWxpY2U=")            → Challenge("UGFzc3dvcmQ6")   S: 334 UGFzc3dvcmQ6
 * C: czNjcmV0                 next("czNjcmV0")            → Success(LOGIN, alice)       S: 235 2.7.0 ...
 * </pre>
 */
public final class AuthExchange {

    // draft-murchison-sasl-login 2: the server's prompts, base64 of "Username:" and "Password:"
    static final String USERNAME_PROMPT = SaslMessages.encodeBase64("Username:");
    static final String PASSWORD_PROMPT = SaslMessages.encodeBase64("Password:");

    // What Gmail sends after a refused XOAUTH2 token; the client answers with an empty line, then gets 535.
    static final String XOAUTH2_ERROR = SaslMessages.encodeBase64(
            "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.google.com/\"}");

    private enum Awaiting { NOTHING, PLAIN, LOGIN_USER, LOGIN_PASSWORD, CRAM_MD5, XOAUTH2, XOAUTH2_ERROR_ACK }

    private final AuthConfig config;
    private final Supplier<String> cramMd5Challenge;
    private Awaiting awaiting = Awaiting.NOTHING;
    private String loginUser;
    private String challenge;

    /**
     * An exchange for one session.
     *
     * @param config           the mechanisms offered and the credentials policy
     * @param cramMd5Challenge a fresh CRAM-MD5 challenge per call, for example
     *                         {@code () -> CramMd5.challenge(random.nextLong(), clock.millis(), serverName)}
     */
    public AuthExchange(AuthConfig config, Supplier<String> cramMd5Challenge) {
        this.config = Objects.requireNonNull(config, "config");
        this.cramMd5Challenge = Objects.requireNonNull(cramMd5Challenge, "cramMd5Challenge");
    }

    /**
     * Whether an exchange is open: the client's next line is a response for {@link #next}, not a command.
     *
     * @return true after a {@link Challenge}
     */
    public boolean inProgress() {
        return awaiting != Awaiting.NOTHING;
    }

    /**
     * The {@code AUTH} command (RFC 4954 4): {@code AUTH mechanism [initial-response]}.
     *
     * @param mechanism       the mechanism name as the client sent it (case-insensitive)
     * @param initialResponse the initial response as sent: base64, or {@code "="} for an empty one
     * @param tlsActive       whether the connection is encrypted (for {@code 538 5.7.11})
     * @return the first step
     * @throws IllegalStateException when an exchange is still open
     */
    public AuthStep start(String mechanism, Optional<String> initialResponse, boolean tlsActive) {
        if (inProgress()) {
            throw new IllegalStateException("AUTH started while an exchange is open; pass the line to next(...)");
        }
        Optional<AuthMechanism> offered = config.offered(mechanism);
        if (offered.isEmpty()) {
            return new Failure(Reason.UNKNOWN_MECHANISM, Replies.authMechanismUnknown(config.mechanismNames()));
        }
        AuthMechanism chosen = offered.get();
        if (config.needsTls(chosen, tlsActive)) {
            return new Failure(Reason.ENCRYPTION_REQUIRED, Replies.authEncryptionRequired());
        }
        if (initialResponse.isEmpty()) {
            return firstChallenge(chosen);
        }
        if (chosen == AuthMechanism.CRAM_MD5) {
            // RFC 2195 2: the server speaks first, so there is nothing the client could answer yet
            return new Failure(Reason.INITIAL_RESPONSE_NOT_ALLOWED,
                    Replies.authInitialResponseNotAllowed(chosen.saslName()));
        }
        awaiting = switch (chosen) {
            case PLAIN -> Awaiting.PLAIN;
            case LOGIN -> Awaiting.LOGIN_USER;
            case XOAUTH2 -> Awaiting.XOAUTH2;
            case CRAM_MD5 -> throw new AssertionError("handled above");
        };
        // RFC 4954 4: "=" is an initial response of zero length
        String response = initialResponse.get();
        return response.equals("=") ? answer(new byte[0]) : decodeAndAnswer(response);
    }

    /**
     * A client line while the exchange is open (RFC 4954 4): a base64 response, or {@code *} to cancel.
     *
     * @param clientLine the line without CRLF
     * @return the next step
     * @throws IllegalStateException when no exchange is open
     */
    public AuthStep next(String clientLine) {
        if (!inProgress()) {
            throw new IllegalStateException("no AUTH exchange is open; a line outside one is a command");
        }
        if (awaiting == Awaiting.XOAUTH2_ERROR_ACK) {
            // Gmail's way: whatever the client sends after the error challenge, the command fails with 535
            return fail(Reason.BAD_CREDENTIALS);
        }
        if (clientLine.equals("*")) {
            return fail(Reason.CANCELLED); // RFC 4954 4: "*" cancels, 501
        }
        return decodeAndAnswer(clientLine);
    }

    private AuthStep firstChallenge(AuthMechanism mechanism) {
        switch (mechanism) {
            case PLAIN, XOAUTH2 -> {
                // RFC 4954 4: a mechanism where the client speaks first gets an empty challenge, "334 "
                awaiting = mechanism == AuthMechanism.PLAIN ? Awaiting.PLAIN : Awaiting.XOAUTH2;
                return new Challenge("");
            }
            case LOGIN -> {
                awaiting = Awaiting.LOGIN_USER;
                return new Challenge(USERNAME_PROMPT);
            }
            case CRAM_MD5 -> {
                challenge = checkedChallenge(cramMd5Challenge.get());
                awaiting = Awaiting.CRAM_MD5;
                return new Challenge(SaslMessages.encodeBase64(challenge));
            }
            default -> throw new AssertionError(mechanism);
        }
    }

    private AuthStep decodeAndAnswer(String base64) {
        Optional<byte[]> decoded = SaslMessages.decodeBase64(base64);
        return decoded.isPresent() ? answer(decoded.get()) : fail(Reason.BAD_BASE64);
    }

    private AuthStep answer(byte[] message) {
        try {
            switch (awaiting) {
                case PLAIN -> {
                    SaslMessages.Plain plain = SaslMessages.plain(message);
                    return verdict(Credentials.ofPassword(AuthMechanism.PLAIN, plain.authorizationId(), plain.user(),
                            plain.password()));
                }
                case LOGIN_USER -> {
                    loginUser = SaslMessages.loginUser(message);
                    awaiting = Awaiting.LOGIN_PASSWORD;
                    return new Challenge(PASSWORD_PROMPT);
                }
                case LOGIN_PASSWORD -> {
                    return verdict(Credentials.ofPassword(AuthMechanism.LOGIN, Optional.empty(), loginUser,
                            SaslMessages.loginPassword(message)));
                }
                case CRAM_MD5 -> {
                    SaslMessages.CramAnswer answer = SaslMessages.cramAnswer(message);
                    return verdict(Credentials.ofCramMd5(answer.user(), challenge, answer.digest()));
                }
                case XOAUTH2 -> {
                    SaslMessages.Xoauth2 xoauth2 = SaslMessages.xoauth2(message);
                    AuthStep step = verdict(Credentials.ofToken(xoauth2.user(), xoauth2.token()));
                    if (step instanceof Failure f && f.reason() == Reason.BAD_CREDENTIALS) {
                        awaiting = Awaiting.XOAUTH2_ERROR_ACK;
                        return new Challenge(XOAUTH2_ERROR);
                    }
                    return step;
                }
                default -> throw new IllegalStateException("no response expected while " + awaiting);
            }
        } catch (SaslMessages.Malformed e) {
            reset();
            return new Failure(Reason.MALFORMED, Replies.authMalformed(e.getMessage()));
        }
    }

    private AuthStep verdict(Credentials credentials) {
        reset();
        boolean accepted;
        try {
            accepted = config.policy().accepts(credentials);
        } catch (RuntimeException e) {
            // the test's own code failed; tell the client it was not its fault (RFC 4954 6: 454)
            return new Failure(Reason.VALIDATOR_ERROR, Replies.authTemporaryFailure(), Optional.of(e));
        }
        if (!accepted) {
            return new Failure(Reason.BAD_CREDENTIALS, Replies.authCredentialsInvalid());
        }
        return new Success(new AuthDetails(credentials.mechanism(), credentials.authorizationId(), credentials.user()));
    }

    private Failure fail(Reason reason) {
        reset();
        return new Failure(reason, switch (reason) {
            case CANCELLED -> Replies.authCancelled();
            case BAD_BASE64 -> Replies.authBadBase64();
            case BAD_CREDENTIALS -> Replies.authCredentialsInvalid();
            default -> throw new AssertionError(reason);
        });
    }

    private void reset() {
        awaiting = Awaiting.NOTHING;
        loginUser = null;
        challenge = null;
    }

    // RFC 2195 2: the challenge has the form of a msg-id; anything else is a bug in the supplier
    private static String checkedChallenge(String challenge) {
        if (challenge == null || challenge.length() < 3 || challenge.length() > 256 || !challenge.startsWith("<")
                || !challenge.endsWith(">") || !challenge.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalStateException("a CRAM-MD5 challenge must look like <random.timestamp@host>"
                    + " (RFC 2195 2), printable ASCII without spaces, at most 256 characters; the supplier gave "
                    + challenge);
        }
        return challenge;
    }
}
