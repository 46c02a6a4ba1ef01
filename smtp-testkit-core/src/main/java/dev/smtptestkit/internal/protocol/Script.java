package dev.smtptestkit.internal.protocol;

/**
 * The one place between deciding and applying: the session asks its script about every outcome
 * that carries a reply or ends the session, after the verb's unit has decided it and before the
 * session commits the state change and the connection applies it. A script may return the outcome
 * unchanged, replace its reply ({@link Outcome#withScriptedReply}), delay it
 * ({@link Outcome#withScriptedDelay}) or end the connection instead ({@link Outcome#withScriptedEffect}).
 * When the replacement refuses what the session would have accepted, the session keeps the state
 * it had (a refused RCPT adds no recipient, a refused end of data records no message).
 *
 * <p>Scripts run on the session's own thread, never on a thread shared by receivers.
 */
@FunctionalInterface
public interface Script {

    /** The script that changes nothing. */
    Script NONE = (step, decided) -> decided;

    /**
     * Reviews one decided outcome.
     *
     * @param step    where in the session it was decided, and on what
     * @param decided what the session decided
     * @return the outcome to apply: {@code decided} itself, or a scripted variant of it
     */
    Outcome review(Step step, Outcome decided);

    /** Where the session is when the script is asked. */
    enum Point {
        /** The 220 greeting (RFC 5321 3.1). */
        GREETING,
        /** A command line. */
        COMMAND,
        /** The end of a message (CRLF.CRLF after DATA, or the end of BDAT LAST). */
        END_OF_DATA,
        /** The end of a BDAT chunk that is not the last. */
        END_OF_CHUNK,
        /**
         * A BDAT command line that starts a message, before its chunk is read (its reply comes
         * after the chunk, RFC 3030 2): only a cut of the message's octets applies here.
         */
        FIRST_CHUNK,
        /** A line of an AUTH exchange. */
        AUTH_LINE,
        /** The TLS handshake has completed. */
        TLS_HANDSHAKE
    }

    /**
     * What the script is asked about.
     *
     * @param point     where the session is
     * @param command   the parsed command, or null when the step is not a command line
     * @param line      the client's line as recorded (secrets masked), or null
     * @param sessionId the session's id
     * @param delivery  at {@link Point#END_OF_DATA}, the message the session would accept, or null
     */
    record Step(Point point, Command command, String line, String sessionId, Session.Delivery delivery) {
    }
}
