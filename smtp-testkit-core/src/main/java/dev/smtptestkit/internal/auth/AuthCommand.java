package dev.smtptestkit.internal.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The argument of an {@code AUTH} command, split (RFC 4954 4):
 * {@code "AUTH" SP sasl-mech [SP initial-response]}, {@code initial-response = base64 / "="}.
 * Whether the mechanism is offered and the response decodes is {@link AuthExchange}'s business.
 *
 * @param mechanism       the mechanism name as the client wrote it
 * @param initialResponse the initial response as written (base64 or {@code "="}), or empty
 */
public record AuthCommand(String mechanism, Optional<String> initialResponse) {

    /** What a syntax error reply shows as the expected form. */
    public static final String USAGE = "AUTH mechanism [initial-response]";

    /** Checks that the parts are there. */
    public AuthCommand {
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(initialResponse, "initialResponse");
    }

    /**
     * Splits the text after {@code "AUTH"}.
     *
     * @param afterVerb what followed the verb, for example {@code " PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm"}
     * @return the command, or empty when it is not one space, a name, and optionally one space and
     *         one response (answer {@code Replies.syntax(AuthCommand.USAGE)}, 501 5.5.4)
     */
    public static Optional<AuthCommand> parse(String afterVerb) {
        if (!afterVerb.startsWith(" ")) {
            return Optional.empty();
        }
        String rest = afterVerb.substring(1);
        int space = rest.indexOf(' ');
        String mechanism = space < 0 ? rest : rest.substring(0, space);
        String response = space < 0 ? null : rest.substring(space + 1);
        if (mechanism.isEmpty() || (response != null && (response.isEmpty() || response.indexOf(' ') >= 0))) {
            return Optional.empty();
        }
        return Optional.of(new AuthCommand(mechanism, Optional.ofNullable(response)));
    }
}
