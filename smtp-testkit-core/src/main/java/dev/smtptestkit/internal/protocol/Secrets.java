package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.internal.auth.AuthMasking;

/**
 * Masks secrets before anything is recorded (RFC 4954 4: the AUTH initial response and every line
 * of the exchange carry credentials), so no event, transcript, violation or console line holds one.
 */
public final class Secrets {

    /** What a masked secret is recorded as. */
    public static final String MASK = "****";

    private Secrets() {
    }

    /**
     * A command line as it may be recorded: {@code AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=} becomes
     * {@code AUTH PLAIN ****}; every other line is returned as it is.
     *
     * @param command the parsed line
     * @param line    the line as received
     * @return the line to record
     */
    static String mask(Command command, String line) {
        return command instanceof Command.Auth ? AuthMasking.command(line) : line;
    }

    /**
     * A continuation line of an AUTH exchange as it may be recorded: always masked, except the
     * {@code *} that cancels the exchange.
     *
     * @param line the line as received
     * @return the line to record
     */
    public static String maskAuthLine(String line) {
        return AuthMasking.response(line);
    }
}
