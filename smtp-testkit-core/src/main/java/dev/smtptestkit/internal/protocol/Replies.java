package dev.smtptestkit.internal.protocol;

import java.util.List;

/**
 * Every reply the receiver sends, in one place, so codes and wording stay consistent. Codes follow
 * RFC 5321 4.2; enhanced status codes follow RFC 3463 and the IANA registry (RFC 5248).
 */
public final class Replies {

    private Replies() {
    }

    private static Reply of(int code, String enhanced, String text) {
        return new Reply(code, enhanced, List.of(text));
    }

    // RFC 5321 4.2.2 / 3.1: greeting and closing carry no enhanced code (RFC 2034 applies after EHLO).
    /** The 220 greeting that opens a session. */
    public static Reply greeting(String host) {
        return new Reply(220, "", List.of(host + " ESMTP smtp-testkit ready"));
    }

    /** The multi-line 250 answer to EHLO: the greeting line, then one extension keyword a line. */
    public static Reply ehlo(String host, String clientName, List<String> keywords) {
        String[] lines = new String[keywords.size() + 1];
        lines[0] = host + " greets " + clientName;
        for (int i = 0; i < keywords.size(); i++) {
            lines[i + 1] = keywords.get(i);
        }
        // RFC 2034 section 3: the EHLO reply itself carries no enhanced codes.
        return new Reply(250, "", List.of(lines));
    }

    /** The one-line 250 answer to HELO. */
    public static Reply helo(String host, String clientName) {
        return new Reply(250, "", List.of(host + " greets " + clientName));
    }

    /** 221: the answer to QUIT; the connection closes after it. */
    public static Reply closing(String host) {
        return of(221, "2.0.0", host + " closing connection");
    }

    /** 250 for RSET and NOOP. */
    public static Reply ok() {
        return of(250, "2.0.0", "OK");
    }

    /** 250 for an accepted MAIL. */
    public static Reply senderOk() {
        return of(250, "2.1.0", "Sender OK");
    }

    /** 250 for an accepted RCPT. */
    public static Reply recipientOk() {
        return of(250, "2.1.5", "Recipient OK");
    }

    /** 354: send the message, end it with CRLF.CRLF. */
    public static Reply startData() {
        // RFC 5321 4.2.2: 354 is an intermediate reply; no enhanced code (RFC 2034 section 4).
        return new Reply(354, "", List.of("Start mail input; end with <CRLF>.<CRLF>"));
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

    /** 550 for a message refused in strict mode; {@code rule} names the rule it broke. */
    public static Reply rejected(String rule) {
        // Strict mode: the message broke a rule the receiver was told to enforce.
        return of(550, "5.6.0", "Message rejected in strict mode: " + rule);
    }

    /** 554 in strict mode for a command sent before the reply it had to wait for. */
    public static Reply synchronizationError() {
        // Strict mode, RFC 2920 3.1: a command came before the reply it had to wait for.
        return of(554, "5.5.0", "Protocol synchronization error: command sent before reply");
    }
}
