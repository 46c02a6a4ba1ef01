package dev.smtptestkit.internal.auth;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.AuthPolicy;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The AUTH settings of a receiver, fixed for its life (part of the session configuration).
 *
 * @param enabled                  whether AUTH is offered in EHLO and accepted
 * @param required                 whether MAIL needs a successful AUTH first ({@code 530 5.7.0}, RFC 4954 6)
 * @param mechanisms               the mechanisms offered, in the order EHLO lists them
 * @param allowPlaintextWithoutTls whether PLAIN, LOGIN and XOAUTH2 work on a connection without TLS;
 *                                 when false they are not advertised there and get {@code 538 5.7.11}
 * @param policy                   which credentials are accepted
 * @param maxFailures              failed logins (wrong credentials) a session may have before it is
 *                                 closed with 421; 0 for no limit
 */
public record AuthConfig(boolean enabled, boolean required, List<AuthMechanism> mechanisms,
                         boolean allowPlaintextWithoutTls, AuthPolicy policy, int maxFailures) {

    /**
     * The longest client response line in an exchange, CRLF included. RFC 4954 4: servers must handle
     * the responses their mechanisms produce, whatever their other line limits, and "12288 octets is
     * considered to be a sufficient line length limit"; a longer line fails the AUTH command with
     * {@link dev.smtptestkit.internal.protocol.Replies#authLineTooLong(int)}. The AUTH command line
     * itself stays under the SMTP command line limit (a client with a long initial response must
     * wait for the empty challenge instead).
     */
    public static final int MAX_LINE_LENGTH = 12288;

    // RFC 4954 4 and 14: these send a reusable secret that anyone on the wire can read
    private static final EnumSet<AuthMechanism> CLEAR_TEXT =
            EnumSet.of(AuthMechanism.PLAIN, AuthMechanism.LOGIN, AuthMechanism.XOAUTH2);

    /** Checks the settings. */
    public AuthConfig {
        mechanisms = List.copyOf(mechanisms);
        Objects.requireNonNull(policy, "policy");
        if (enabled && mechanisms.isEmpty()) {
            throw new IllegalArgumentException("AUTH needs at least one mechanism; offer one of "
                    + List.of(AuthMechanism.values()) + " or switch AUTH off");
        }
        if (!mechanisms.isEmpty() && EnumSet.copyOf(mechanisms).size() != mechanisms.size()) {
            throw new IllegalArgumentException("each AUTH mechanism may be offered once, got " + mechanisms);
        }
        if (required && !enabled) {
            throw new IllegalArgumentException("AUTH cannot be required while it is off; enable AUTH too");
        }
        if (maxFailures < 0) {
            throw new IllegalArgumentException("maxFailures must be 0 (no limit) or more, was " + maxFailures);
        }
    }

    /** AUTH off: EHLO does not offer it and the command gets 502. */
    public static AuthConfig disabled() {
        return Disabled.CONFIG;
    }

    // Made once: every receiver without AUTH shares it (a record, immutable).
    private static final class Disabled {
        static final AuthConfig CONFIG = new AuthConfig(false, false, List.of(AuthMechanism.values()), true,
                AuthPolicy.acceptAny(), 0);
    }

    /** AUTH on with every mechanism, any login accepted, TLS not insisted on, no failure limit. */
    public static AuthConfig acceptingAny() {
        return new AuthConfig(true, false, List.of(AuthMechanism.values()), true, AuthPolicy.acceptAny(), 0);
    }

    /**
     * The offered mechanism of this name (SASL names are case-insensitive, RFC 4954 7).
     *
     * @param saslName the name the client gave, for example {@code "cram-md5"}
     * @return the mechanism, or empty when it is not offered
     */
    public Optional<AuthMechanism> offered(String saslName) {
        return mechanisms.stream().filter(m -> m.saslName().equalsIgnoreCase(saslName)).findFirst();
    }

    /**
     * Whether this mechanism must wait for TLS: it sends its secret in the clear, TLS is not active
     * and the receiver insists on TLS for such mechanisms (RFC 4954 6, 538).
     *
     * @param mechanism the mechanism asked for
     * @param tlsActive whether the connection is encrypted
     * @return true when the AUTH command gets {@code 538 5.7.11}
     */
    public boolean needsTls(AuthMechanism mechanism, boolean tlsActive) {
        return !tlsActive && !allowPlaintextWithoutTls && CLEAR_TEXT.contains(mechanism);
    }

    /**
     * The EHLO keyword line (RFC 4954 3): {@code AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2}. Without TLS,
     * when the receiver insists on TLS for clear-text mechanisms, those are left out, as a client
     * should not send such a secret there.
     *
     * @param tlsActive whether the connection is encrypted
     * @return the keyword line, or empty when AUTH is off or nothing can be offered yet
     */
    public Optional<String> ehloKeyword(boolean tlsActive) {
        if (!enabled) {
            return Optional.empty();
        }
        String names = mechanisms.stream().filter(m -> !needsTls(m, tlsActive)).map(AuthMechanism::saslName)
                .collect(Collectors.joining(" "));
        return names.isEmpty() ? Optional.empty() : Optional.of("AUTH " + names);
    }

    /**
     * Whether a session with this many failed logins is closed ({@code 421 4.7.0}).
     *
     * @param failedLogins the session's failed logins so far, this one included
     * @return true when the limit is reached
     */
    public boolean tooManyFailures(int failedLogins) {
        return maxFailures > 0 && failedLogins >= maxFailures;
    }

    /** The offered names, space-separated, for the 504 reply. */
    String mechanismNames() {
        return mechanisms.stream().map(AuthMechanism::saslName).collect(Collectors.joining(" "));
    }
}
