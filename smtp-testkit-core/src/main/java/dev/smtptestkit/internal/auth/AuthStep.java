package dev.smtptestkit.internal.auth;

import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.internal.protocol.Replies;
import dev.smtptestkit.internal.protocol.Reply;
import java.util.Objects;
import java.util.Optional;

/**
 * What the session answers to one step of an AUTH exchange (RFC 4954 4): a challenge that keeps
 * the exchange open, or its end in success or failure. Every step carries the reply to send.
 */
public sealed interface AuthStep {

    /** The reply to send for this step. */
    Reply reply();

    /** Whether the exchange is over (the session leaves its AUTH line mode). */
    default boolean ends() {
        return !(this instanceof Challenge);
    }

    /**
     * {@code 334 <base64Text>}: the exchange goes on; the client's next line is for {@link AuthExchange#next}.
     *
     * @param base64Text the challenge, already base64; "" for an empty challenge ({@code "334 "})
     */
    record Challenge(String base64Text) implements AuthStep {
        /** Checks that the text is there. */
        public Challenge {
            Objects.requireNonNull(base64Text, "base64Text");
        }

        @Override
        public Reply reply() {
            return Replies.authChallenge(base64Text);
        }
    }

    /**
     * {@code 235 2.7.0}: the client is authenticated as {@code details}.
     *
     * @param details mechanism, authorization identity and user name (no secret)
     */
    record Success(AuthDetails details) implements AuthStep {
        /** Checks that the details are there. */
        public Success {
            Objects.requireNonNull(details, "details");
        }

        @Override
        public Reply reply() {
            return Replies.authSucceeded();
        }
    }

    /**
     * The AUTH command failed; the session stays unauthenticated and may try again.
     *
     * @param reason         why, for the session's bookkeeping
     * @param reply          the reply to send
     * @param validatorError what the test's validator threw, when {@code reason} is {@link Reason#VALIDATOR_ERROR}
     */
    record Failure(Reason reason, Reply reply, Optional<RuntimeException> validatorError) implements AuthStep {
        /** Checks that the parts are there. */
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(validatorError, "validatorError");
        }

        Failure(Reason reason, Reply reply) {
            this(reason, reply, Optional.empty());
        }

        /** Whether this counts towards the failed-login limit ({@link AuthConfig#maxFailures()}): wrong credentials only. */
        public boolean isFailedLogin() {
            return reason == Reason.BAD_CREDENTIALS;
        }
    }

    /** Why an AUTH command failed. */
    enum Reason {
        /** {@code 504 5.5.4}: a mechanism the receiver does not offer (RFC 4954 4). */
        UNKNOWN_MECHANISM,
        /** {@code 538 5.7.11}: a mechanism that sends the secret in the clear, without TLS, when TLS is insisted on (RFC 4954 6). */
        ENCRYPTION_REQUIRED,
        /** {@code 501 5.5.4}: an initial response for a mechanism where the server speaks first (CRAM-MD5). */
        INITIAL_RESPONSE_NOT_ALLOWED,
        /** {@code 501 5.5.2}: a response that is not strict base64 (RFC 4954 4). */
        BAD_BASE64,
        /** {@code 501 5.5.2}: base64 that decodes to something the mechanism does not define. */
        MALFORMED,
        /** {@code 501 5.0.0}: the client sent {@code *} (RFC 4954 4). */
        CANCELLED,
        /** {@code 535 5.7.8}: the policy refused the credentials (RFC 4954 6). */
        BAD_CREDENTIALS,
        /** {@code 454 4.7.0}: the test's validator threw (RFC 4954 6, temporary failure). */
        VALIDATOR_ERROR
    }
}
