package dev.smtptestkit;

import java.util.Objects;

/**
 * Something a client did that the RFCs forbid or advise against, noted by the receiver even when it
 * accepted the input (see {@link SmtpReceiver.Builder#rejectViolations(boolean)} to refuse it instead).
 *
 * <pre>{@code
 * assertThat(mailbox.violations()).isEmpty();
 * }</pre>
 *
 * @param sessionId the session in which it happened
 * @param rule      which rule was broken
 * @param line      the offending line (command or message line), shortened to 200 characters
 */
public record ProtocolViolation(String sessionId, Rule rule, String line) {

    /**
     * Checks the components and shortens a line longer than 200 characters to its first 200
     * followed by {@code ...}.
     *
     * @param sessionId the session
     * @param rule      the rule broken
     * @param line      the offending line
     * @throws NullPointerException when a component is null
     */
    public ProtocolViolation {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(line, "line");
        if (line.length() > 200) {
            line = line.substring(0, 200) + "...";
        }
    }

    /** A rule a client can break, with the RFC clause that states it. */
    public enum Rule {
        /** A CR or LF in message data that is not part of a CRLF pair. */
        BARE_CR_OR_LF("RFC 5321 2.3.8", "bare CR or LF in message data"),
        /** A message line longer than 1000 octets including CRLF. */
        TEXT_LINE_TOO_LONG("RFC 5321 4.5.3.1.6", "text line longer than 1000 octets including CRLF"),
        /** Octets above 127 in a message not declared BODY=8BITMIME. */
        EIGHT_BIT_WITHOUT_8BITMIME("RFC 6152 3", "8-bit data without BODY=8BITMIME"),
        /** A command sent before the reply to a command that must end a pipelined group. */
        COMMAND_BEFORE_REPLY("RFC 2920 3.1", "command sent before the previous reply was read"),
        /** A Date header is missing (recorded, never refused: RFC 6409 8.2). */
        MISSING_DATE("RFC 5322 3.6", "no Date header", false),
        /** A From header is missing. */
        MISSING_FROM("RFC 5322 3.6", "no From header"),
        /** Raw non-ASCII octets in a header of a message sent without SMTPUTF8. */
        NON_ASCII_HEADER("RFC 5322 2.2 / RFC 6532", "raw non-ASCII in a header without SMTPUTF8"),
        /** A Message-ID that is not of the form {@code <left@right>} (recorded, never refused: RFC 6409 8.3). */
        MALFORMED_MESSAGE_ID("RFC 5322 3.6.4", "malformed Message-ID", false),
        /** A space between {@code MAIL FROM:} or {@code RCPT TO:} and the path. */
        SPACE_BEFORE_PATH("RFC 5321 4.1.1.2", "space between the colon and the path"),
        /** A non-ASCII address sent without SMTPUTF8 (always refused with 553). */
        NON_ASCII_ADDRESS_WITHOUT_SMTPUTF8("RFC 6531 3.5", "non-ASCII address without SMTPUTF8"),
        /** A command the receiver did not recognize. */
        UNKNOWN_COMMAND("RFC 5321 4.2.4", "unrecognized command"),
        /** A command line with a control octet (NUL, bare CR or LF, TAB, ...) or invalid UTF-8. */
        INVALID_COMMAND_OCTETS("RFC 5321 4.1.1", "control character or invalid UTF-8 in a command line"),
        /** An empty command line. */
        EMPTY_COMMAND("RFC 5321 4.1.1", "empty command line"),
        /** A known command with bad syntax or a bad parameter value. */
        COMMAND_SYNTAX("RFC 5321 4.1.1 / 4.1.2", "command syntax error"),
        /** A command line longer than the receiver's limit. */
        COMMAND_LINE_TOO_LONG("RFC 5321 4.5.3.1.4", "command line longer than the limit"),
        /** A command out of order (RCPT before MAIL, ...), unless it was pipelined behind a refused command it could not wait for. */
        BAD_SEQUENCE("RFC 5321 4.1.4", "command out of sequence"),
        /** A MAIL or RCPT parameter of an extension the receiver did not offer. */
        UNKNOWN_PARAMETER("RFC 5321 4.1.1.11", "MAIL or RCPT parameter the receiver did not offer"),
        /** Too many commands in a row that start no transaction; the session was ended with 421. */
        TOO_MANY_JUNK_COMMANDS("RFC 5321 7.8", "too many commands without a mail transaction");

        private final String reference;
        private final String description;
        private final boolean rejectable;

        Rule(String reference, String description) {
            this(reference, description, true);
        }

        Rule(String reference, String description, boolean rejectable) {
            this.reference = reference;
            this.description = description;
            this.rejectable = rejectable;
        }

        /**
         * Whether a receiver set to reject violations refuses input that breaks this rule. False
         * for what a submission server repairs itself (RFC 6409 8: a missing Date, a malformed
         * Message-ID): those are recorded, never refused.
         *
         * @return whether the rule is enforced by {@code rejectViolations(true)}
         */
        public boolean rejectable() {
            return rejectable;
        }

        /**
         * The RFC clause that states the rule.
         *
         * @return the clause, for example {@code "RFC 5321 2.3.8"}
         */
        public String reference() {
            return reference;
        }

        /**
         * A short description of the rule.
         *
         * @return the description, for example {@code "bare CR or LF in message data"}
         */
        public String description() {
            return description;
        }
    }

    @Override
    public String toString() {
        return "session " + sessionId + ": " + rule.description() + " (" + rule.reference() + "): " + line;
    }
}
