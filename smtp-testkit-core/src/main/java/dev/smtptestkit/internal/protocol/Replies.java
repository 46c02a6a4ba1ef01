package dev.smtptestkit.internal.protocol;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every reply the receiver sends, in one place, so codes and wording stay consistent. Codes follow
 * RFC 5321 4.2; enhanced status codes follow RFC 3463 and the IANA registry (RFC 5248).
 *
 * <p>(Why over 300 lines: it is the one table of every reply the receiver can send (code, enhanced
 * code, text, RFC clause), kept in one place on purpose so that no other class holds a reply literal.)
 */
public final class Replies {

    private Replies() {
    }

    private static Reply of(int code, String enhanced, String text) {
        return new Reply(code, enhanced, List.of(text));
    }

    /**
     * A reply that names the server, kept for the last name asked for (a JVM usually has one), so
     * a session's greeting and 221 are built, and rendered (Reply.wireLines), once.
     */
    private static final class Named {
        private final Function<String, Reply> make;
        private volatile Map.Entry<String, Reply> last; // an immutable pair: safely published

        Named(Function<String, Reply> make) {
            this.make = make;
        }

        Reply forHost(String host) {
            Map.Entry<String, Reply> kept = last;
            if (kept == null || !kept.getKey().equals(host)) {
                kept = Map.entry(host, make.apply(host));
                last = kept;
            }
            return kept.getValue();
        }
    }

    private static final Named GREETING = new Named(Replies::greetingFor);
    private static final Named CLOSING = new Named(Replies::closingFor);

    /** The 220 greeting that opens a session. */
    public static Reply greeting(String host) {
        return GREETING.forHost(host);
    }

    // RFC 5321 4.2.2 / 3.1: greeting and closing carry no enhanced code (RFC 2034 applies after EHLO).
    private static Reply greetingFor(String host) {
        return new Reply(220, "", List.of(host + " ESMTP smtp-testkit ready"));
    }

    /** The multi-line 250 answer to EHLO: the greeting line, then one extension keyword a line. */
    public static Reply ehlo(String host, String clientName, List<String> keywords) {
        String[] lines = new String[keywords.size() + 1];
        lines[0] = host + " greets " + echo(clientName);
        for (int i = 0; i < keywords.size(); i++) {
            lines[i + 1] = keywords.get(i);
        }
        // RFC 2034 section 3: the EHLO reply itself carries no enhanced codes.
        return new Reply(250, "", List.of(lines));
    }

    /** The one-line 250 answer to HELO. */
    public static Reply helo(String host, String clientName) {
        return new Reply(250, "", List.of(host + " greets " + echo(clientName)));
    }

    // The client's name as echoed in a reply: printable ASCII only (replies are 7-bit, RFC 5321
    // 4.2) and short, so the line stays far below the 512 octets of RFC 5321 4.5.3.1.5.
    private static final int ECHO_LIMIT = 64;

    private static String echo(String clientName) {
        if (clientName.length() <= ECHO_LIMIT && printable(clientName)) {
            return clientName; // the usual name, echoed as it came
        }
        StringBuilder out = new StringBuilder(Math.min(clientName.length(), ECHO_LIMIT + 3));
        for (int i = 0; i < clientName.length() && out.length() < ECHO_LIMIT; i++) {
            char c = clientName.charAt(i);
            out.append(printable(c) ? c : '?');
        }
        if (clientName.length() > ECHO_LIMIT) {
            out.append("...");
        }
        return out.toString();
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!printable(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean printable(char c) {
        return c > ' ' && c < 0x7F;
    }

    /** 221: the answer to QUIT; the connection closes after it. */
    public static Reply closing(String host) {
        return CLOSING.forHost(host);
    }

    private static Reply closingFor(String host) {
        return of(221, "2.0.0", host + " closing connection");
    }

    // The replies without a variable part: one value each, rendered for the wire once.
    private static final Reply OK = of(250, "2.0.0", "OK");
    private static final Reply SENDER_OK = of(250, "2.1.0", "Sender OK");
    private static final Reply RECIPIENT_OK = of(250, "2.1.5", "Recipient OK");
    // RFC 5321 4.2.2: 354 is an intermediate reply; no enhanced code (RFC 2034 section 4).
    private static final Reply START_DATA = new Reply(354, "", List.of("Start mail input; end with <CRLF>.<CRLF>"));

    /** 250 for RSET and NOOP. */
    public static Reply ok() {
        return OK;
    }

    /** 250 for an accepted MAIL. */
    public static Reply senderOk() {
        return SENDER_OK;
    }

    /** 250 for an accepted RCPT. */
    public static Reply recipientOk() {
        return RECIPIENT_OK;
    }

    /** 354: send the message, end it with CRLF.CRLF. */
    public static Reply startData() {
        return START_DATA;
    }

    /** 250 at the end of data: the message is recorded under {@code id}. */
    public static Reply messageAccepted(String id) {
        return of(250, "2.0.0", "OK: message accepted as " + id);
    }

    /** 250 for a BDAT chunk that is not the last: how many octets the message has so far. */
    public static Reply chunkAccepted(long octets) {
        return of(250, "2.0.0", octets + " octets received");
    }

    /** 252 for VRFY: not verified, but mail will be accepted. */
    public static Reply vrfy() {
        // RFC 5321 3.5.3: 252 when the server will not verify but will accept mail.
        return of(252, "2.0.0", "Cannot VRFY user, but will accept message and attempt delivery");
    }

    /** 214 for HELP. */
    public static Reply help() {
        return new Reply(214, "2.0.0", List.of(
                "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP",
                "See RFC 5321 and https://www.rfc-editor.org/rfc/rfc5321"));
    }

    /** 502 for EXPN. */
    public static Reply expnNotImplemented() {
        return of(502, "5.5.1", "EXPN not implemented");
    }

    /** 502 for a command this receiver knows but does not offer. */
    public static Reply notImplemented(String verb) {
        return of(502, "5.5.1", verb + " not implemented");
    }

    /** 500 for an unknown verb. */
    public static Reply unknownCommand() {
        return of(500, "5.5.1", "Command unrecognized");
    }

    /** 500 for an empty command line. */
    public static Reply emptyCommand() {
        return of(500, "5.5.2", "Syntax error: empty command");
    }

    /** 500 for a command line over the limit. */
    public static Reply lineTooLong(int limit) {
        return of(500, "5.5.2", "Line too long (limit " + limit + " octets including CRLF)");
    }

    /** 500 for a command line with control octets or invalid UTF-8. */
    public static Reply invalidBytes() {
        return of(500, "5.5.2", "Syntax error: control character or invalid UTF-8 in command");
    }

    /** 501 for an argument to a command that takes none. */
    public static Reply noArgumentsAllowed(String verb) {
        return of(501, "5.5.4", "Syntax error: " + verb + " takes no arguments");
    }

    /** 501 for a command whose syntax is wrong; {@code usage} shows the right one. */
    public static Reply syntax(String usage) {
        return of(501, "5.5.4", "Syntax error, expected: " + usage);
    }

    /** 501 for a MAIL path that is not an address. */
    public static Reply badSenderSyntax(String why) {
        return of(501, "5.1.7", "Bad sender address syntax: " + why);
    }

    /** 501 for an RCPT path that is not an address. */
    public static Reply badRecipientSyntax(String why) {
        return of(501, "5.1.3", "Bad recipient address syntax: " + why);
    }

    /** 501 for a known MAIL/RCPT parameter with a bad value. */
    public static Reply badParameterValue(String keyword, String why) {
        return of(501, "5.5.4", "Invalid value for " + keyword + ": " + why);
    }

    /** 501 for a parameter given twice. */
    public static Reply duplicateParameter(String keyword) {
        return of(501, "5.5.4", "Parameter " + keyword + " given more than once");
    }

    /** 555 for a MAIL/RCPT parameter that is unknown or not offered. */
    public static Reply unknownParameter(String keyword) {
        // RFC 5321 4.1.1.11 / 3.3: unrecognised or unimplemented MAIL/RCPT parameters get 555.
        return of(555, "5.5.4", "Parameter " + keyword + " not recognized or not implemented");
    }

    /** 553 for a non-ASCII address without SMTPUTF8. */
    public static Reply utf8NotAllowed() {
        // RFC 6531 3.5: non-ASCII address without SMTPUTF8.
        return of(553, "5.6.7", "Non-ASCII address requires the SMTPUTF8 parameter (and EHLO)");
    }

    /** 503 for a command out of order; {@code what} says what to do instead. */
    public static Reply badSequence(String what) {
        return of(503, "5.5.1", "Bad sequence of commands: " + what);
    }

    /** 554 for DATA or BDAT when every RCPT was refused. */
    public static Reply noValidRecipients() {
        return of(554, "5.5.1", "No valid recipients");
    }

    /** 452 for an RCPT over the recipient limit. */
    public static Reply tooManyRecipients(int limit) {
        // RFC 5321 4.5.3.1.10
        return of(452, "4.5.3", "Too many recipients (limit " + limit + ")");
    }

    /** 552 for a message (declared or actual) over the size limit. */
    public static Reply messageTooBig(long limit) {
        // RFC 1870 section 6
        return of(552, "5.3.4", "Message size exceeds fixed maximum message size of " + limit + " octets");
    }

    /** 452 at the end of data when the message could not be stored (the delivery handler failed). */
    public static Reply insufficientStorage() {
        // RFC 5321 4.2.3 and RFC 3463 3.4 (X.3.1 mail system full), as Postfix answers; transient, so the client retries
        return of(452, "4.3.1", "Insufficient system storage: the message was not stored");
    }

    /** 451 at the end of data when taking the message failed for another reason (a bug in the delivery handler). */
    public static Reply localError() {
        // RFC 5321 4.2.3: 451 requested action aborted: local error in processing; RFC 3463 3.4: X.3.0
        return of(451, "4.3.0", "Requested action aborted: local error in processing");
    }

    /** 421 before closing an idle connection. */
    public static Reply idleTimeout() {
        return of(421, "4.4.2", "Idle timeout, closing connection");
    }

    /** 421 for a connection over the session limit. */
    public static Reply tooManySessions(int limit) {
        return of(421, "4.3.2", "Too many concurrent sessions (limit " + limit + "), try again later");
    }

    /** 421 for a connection whose session thread cannot be had (out of threads or memory). */
    public static Reply cannotStartSession() {
        // RFC 5321 3.8: a server that cannot serve a session answers 421 and closes.
        return of(421, "4.3.2", "Cannot start a session now, try again later");
    }

    /** 421 before closing a connection because the receiver stops. */
    public static Reply shuttingDown() {
        return of(421, "4.3.2", "Service shutting down, closing connection");
    }

    /** 421 before closing a connection that sends an endless line. */
    public static Reply tooMuchGarbage() {
        return of(421, "4.7.0", "Line far too long, closing connection");
    }

    /** 421 for a session that sent too many commands without starting a mail transaction. */
    public static Reply tooManyJunkCommands() {
        // RFC 5321 7.8: a server may end a session that wastes its resources; Postfix does so after 100
        return of(421, "4.7.0", "Too many commands without a mail transaction, closing connection");
    }

    /** 550 for a message refused in strict mode; {@code rule} names the rule it broke. */
    public static Reply rejected(String rule) {
        // rejectViolations(true): the message broke a rule the receiver was told to enforce.
        return of(550, "5.6.0", "Message rejected: " + rule);
    }

    /** 554 in strict mode for a command sent before the reply it had to wait for. */
    public static Reply synchronizationError() {
        // Strict mode, RFC 2920 3.1: a command came before the reply it had to wait for.
        return of(554, "5.5.0", "Protocol synchronization error: command sent before reply");
    }

    // ---------------------------------------------------------------------------------------------
    // AUTH (RFC 4954). Texts of the status codes follow RFC 4954 6 where it gives them.
    // ---------------------------------------------------------------------------------------------

    /** 334 with a base64 challenge, "" for the empty one: an AUTH exchange goes on (RFC 4954 4). */
    public static Reply authChallenge(String base64Text) {
        // RFC 4954 4: "334" SP [base64]; an intermediate reply, no enhanced code (like 354)
        return new Reply(334, "", List.of(base64Text));
    }

    /** 235 after a successful AUTH. */
    public static Reply authSucceeded() {
        return of(235, "2.7.0", "Authentication successful");
    }

    /** 535 for credentials the policy refused. */
    public static Reply authCredentialsInvalid() {
        return of(535, "5.7.8", "Authentication credentials invalid");
    }

    /** 504 for a mechanism the receiver does not offer; {@code offered} lists those it does. */
    public static Reply authMechanismUnknown(String offered) {
        // RFC 4954 4: an unsupported mechanism gets 504, enhanced code 5.5.4
        return of(504, "5.5.4", "Unrecognized authentication mechanism; offered: " + offered);
    }

    /** 501 for a client response that is not base64. */
    public static Reply authBadBase64() {
        // RFC 4954 4: a response that cannot be base64-decoded gets 501, enhanced code 5.5.2
        return of(501, "5.5.2", "Cannot decode response: not base64 (RFC 4648, with padding, no spaces)");
    }

    /** 501 after the client cancelled the exchange with "*". */
    public static Reply authCancelled() {
        // RFC 4954 4: "*" cancels; the server rejects the AUTH command with 501
        return of(501, "5.0.0", "Authentication cancelled");
    }

    /** 501 for a decoded response the mechanism does not define; {@code why} says what was wrong. */
    public static Reply authMalformed(String why) {
        return of(501, "5.5.2", "Malformed authentication response: " + why);
    }

    /** 501 for an initial response to a mechanism where the server speaks first (CRAM-MD5). */
    public static Reply authInitialResponseNotAllowed(String mechanism) {
        return of(501, "5.5.4", mechanism + " takes no initial response; send AUTH " + mechanism + " alone");
    }

    /** 454 when the credentials could not be checked (the test's validator threw). */
    public static Reply authTemporaryFailure() {
        return of(454, "4.7.0", "Temporary authentication failure");
    }

    /** 530 for MAIL (and the like) before a successful AUTH when the receiver requires it. */
    public static Reply authRequired() {
        return of(530, "5.7.0", "Authentication required");
    }

    /** 538 for a clear-text mechanism without TLS when the receiver insists on TLS for it. */
    public static Reply authEncryptionRequired() {
        return of(538, "5.7.11", "Encryption required for requested authentication mechanism");
    }

    /** 500 for a line of an AUTH exchange over the limit. */
    public static Reply authLineTooLong(int limit) {
        // RFC 4954 4 and 6: 500 5.5.6 when a response exceeds the server's authentication buffer
        return of(500, "5.5.6", "Authentication exchange line is too long (limit " + limit + " octets including CRLF)");
    }

    /** 421 before closing a session that failed to log in too often. */
    public static Reply authTooManyFailures(int limit) {
        return of(421, "4.7.0", "Too many failed authentication attempts (limit " + limit + "), closing connection");
    }

    // ---- STARTTLS (RFC 3207) ----

    /** 220 for STARTTLS: the handshake may begin (RFC 3207 4). */
    public static Reply readyToStartTls() {
        return of(220, "2.0.0", "Ready to start TLS");
    }

    /** 530 for MAIL or AUTH before STARTTLS when TLS is required (RFC 3207 4). */
    public static Reply startTlsFirst() {
        return of(530, "5.7.0", "Must issue a STARTTLS command first");
    }

    // ---- scripted replies (SmtpScript): never a protocol rule of the receiver's own ----

    /**
     * A reply a test scripted, as given: the code, the enhanced code ("" for none) and the lines.
     *
     * @throws IllegalArgumentException when the code is outside 200..599 or there is no line
     */
    public static Reply scripted(int code, String enhanced, List<String> lines) {
        return new Reply(code, enhanced, lines);
    }

    /** 451 for a greylisted triplet (the usual greylisting answer, RFC 6647 2.1). */
    public static Reply greylisted(long retryAfterSeconds) {
        return of(451, "4.7.1", "Greylisted, please try again in " + retryAfterSeconds
                + (retryAfterSeconds == 1 ? " second" : " seconds"));
    }

    /** 421 once a scripted rate limit of messages is reached (RFC 5321 3.8: 421 closes). */
    public static Reply rateLimited(int messages, String scope) {
        return of(421, "4.7.0", "Rate limit of " + messages + (messages == 1 ? " message" : " messages") + " per "
                + scope + " reached, try again later");
    }

    /** 421 for a scripted fail-then-succeed attempt. */
    public static Reply tryAgainLater() {
        return of(421, "4.3.2", "Service not available, try again later");
    }

    /** 421 for a fault of the seeded random mode; the seed is in the text so a run can be replayed. */
    public static Reply randomFault(long seed, long step) {
        return of(421, "4.3.0", "Random fault (seed " + seed + ", step " + step + "), try again later");
    }
}
