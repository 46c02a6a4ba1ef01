package dev.smtptestkit.internal.auth;

import dev.smtptestkit.AuthMechanism;

/**
 * Lines of an AUTH exchange as they may be recorded (events, transcripts, failure messages, the
 * console): the secret replaced by {@value #MASK}. Linear in the line, never throws.
 */
public final class AuthMasking {

    /** What stands in for a secret. */
    public static final String MASK = "****";

    private AuthMasking() {
    }

    /**
     * An {@code AUTH} command line: the verb and the mechanism name stay, an initial response
     * becomes {@value #MASK} (an empty one, {@code "="}, stays: it holds nothing). The name stays
     * when it is one of ours in any case, or a SASL name as RFC 4422 3.1 spells it (up to 20 of
     * upper-case A-Z, 0-9, "-", "_"); anything else there may be a secret typed in the wrong place,
     * so it is masked with the rest. A line that is not an {@code AUTH} command is returned as it is.
     *
     * @param line the command line without CRLF, as the client sent it
     * @return for example {@code "AUTH PLAIN ****"} for {@code "AUTH PLAIN AGFsaWNlAHMzY3JldA=="}
     */
    public static String command(String line) {
        if (!line.regionMatches(true, 0, "AUTH", 0, 4) || (line.length() > 4 && line.charAt(4) != ' ')) {
            return line;
        }
        if (line.length() <= 5) {
            return line; // "AUTH" or "AUTH ": nothing to hide
        }
        int end = line.indexOf(' ', 5);
        String mechanism = end < 0 ? line.substring(5) : line.substring(5, end);
        if (!isSaslName(mechanism)) {
            return line.substring(0, 5) + MASK;
        }
        if (end < 0) {
            return line;
        }
        String rest = line.substring(end + 1);
        return line.substring(0, end + 1) + (rest.isEmpty() || rest.equals("=") ? rest : MASK);
    }

    /**
     * A client line inside an exchange: {@value #MASK}, except the cancel line {@code *} and the
     * empty line, which hold no secret and show what the client did.
     *
     * @param line the line without CRLF
     * @return the line as it may be recorded
     */
    public static String response(String line) {
        return line.isEmpty() || line.equals("*") ? line : MASK;
    }

    // RFC 4422 3.1: sasl-mech = 1*20mech-char, mech-char = UPPER-ALPHA / DIGIT / "-" / "_"
    private static boolean isSaslName(String name) {
        for (AuthMechanism known : AuthMechanism.values()) {
            if (known.saslName().equalsIgnoreCase(name)) {
                return true;
            }
        }
        if (name.isEmpty() || name.length() > 20) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
