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
    public static Reply greeting(String host) {
        return new Reply(220, "", List.of(host + " ESMTP smtp-testkit ready"));
    }

    public static Reply ehlo(String host, String clientName, List<String> keywords) {
        String[] lines = new String[keywords.size() + 1];
        lines[0] = host + " greets " + clientName;
        for (int i = 0; i < keywords.size(); i++) {
            lines[i + 1] = keywords.get(i);
        }
        // RFC 2034 section 3: the EHLO reply itself carries no enhanced codes.
        return new Reply(250, "", List.of(lines));
    }

    public static Reply helo(String host, String clientName) {
        return new Reply(250, "", List.of(host + " greets " + clientName));
    }

    public static Reply closing(String host) {
        return of(221, "2.0.0", host + " closing connection");
    }

    public static Reply ok() {
        return of(250, "2.0.0", "OK");
    }

    public static Reply senderOk() {
        return of(250, "2.1.0", "Sender OK");
    }

    public static Reply recipientOk() {
        return of(250, "2.1.5", "Recipient OK");
    }

    public static Reply startData() {
        // RFC 5321 4.2.2: 354 is an intermediate reply; no enhanced code (RFC 2034 section 4).
        return new Reply(354, "", List.of("Start mail input; end with <CRLF>.<CRLF>"));
    }

    public static Reply messageAccepted(String id) {
        return of(250, "2.0.0", "OK: message accepted as " + id);
    }

    public static Reply chunkAccepted(long octets) {
        return of(250, "2.0.0", octets + " octets received");
    }

    public static Reply vrfy() {
        // RFC 5321 3.5.3: 252 when the server will not verify but will accept mail.
        return of(252, "2.0.0", "Cannot VRFY user, but will accept message and attempt delivery");
    }

    public static Reply help() {
        return new Reply(214, "2.0.0", List.of(
                "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP",
                "See RFC 5321 and https://www.rfc-editor.org/rfc/rfc5321"));
    }

    public static Reply expnNotImplemented() {
        return of(502, "5.5.1", "EXPN not implemented");
    }

    public static Reply notImplemented(String verb) {
        return of(502, "5.5.1", verb + " not implemented");
    }

    public static Reply unknownCommand() {
        return of(500, "5.5.1", "Command unrecognized");
    }

    public static Reply emptyCommand() {
        return of(500, "5.5.2", "Syntax error: empty command");
    }

    public static Reply lineTooLong(int limit) {
        return of(500, "5.5.2", "Line too long (limit " + limit + " octets including CRLF)");
    }

    public static Reply invalidBytes() {
        return of(500, "5.5.2", "Syntax error: control character or invalid UTF-8 in command");
    }

    public static Reply noArgumentsAllowed(String verb) {
        return of(501, "5.5.4", "Syntax error: " + verb + " takes no arguments");
    }

    public static Reply syntax(String usage) {
        return of(501, "5.5.4", "Syntax error, expected: " + usage);
    }

    public static Reply badSenderSyntax(String why) {
        return of(501, "5.1.7", "Bad sender address syntax: " + why);
    }

    public static Reply badRecipientSyntax(String why) {
        return of(501, "5.1.3", "Bad recipient address syntax: " + why);
    }

    public static Reply badParameterValue(String keyword, String why) {
        return of(501, "5.5.4", "Invalid value for " + keyword + ": " + why);
    }

    public static Reply duplicateParameter(String keyword) {
        return of(501, "5.5.4", "Parameter " + keyword + " given more than once");
    }

    public static Reply unknownParameter(String keyword) {
        // RFC 5321 4.1.1.11 / 3.3: unrecognised or unimplemented MAIL/RCPT parameters get 555.
        return of(555, "5.5.4", "Parameter " + keyword + " not recognized or not implemented");
    }

    public static Reply utf8NotAllowed() {
        // RFC 6531 3.5: non-ASCII address without SMTPUTF8.
        return of(553, "5.6.7", "Non-ASCII address requires the SMTPUTF8 parameter (and EHLO)");
    }

    public static Reply badSequence(String what) {
        return of(503, "5.5.1", "Bad sequence of commands: " + what);
    }

    public static Reply noValidRecipients() {
        return of(554, "5.5.1", "No valid recipients");
    }

    public static Reply tooManyRecipients(int limit) {
        // RFC 5321 4.5.3.1.10
        return of(452, "4.5.3", "Too many recipients (limit " + limit + ")");
    }

    public static Reply messageTooBig(long limit) {
        // RFC 1870 section 6
        return of(552, "5.3.4", "Message size exceeds fixed maximum message size of " + limit + " octets");
    }

    public static Reply idleTimeout() {
        return of(421, "4.4.2", "Idle timeout, closing connection");
    }

    public static Reply tooManySessions(int limit) {
        return of(421, "4.3.2", "Too many concurrent sessions (limit " + limit + "), try again later");
    }

    public static Reply shuttingDown() {
        return of(421, "4.3.2", "Service shutting down, closing connection");
    }

    public static Reply tooMuchGarbage() {
        return of(421, "4.7.0", "Line far too long, closing connection");
    }

    public static Reply rejected(String rule) {
        // Strict mode: the message broke a rule the receiver was told to enforce.
        return of(550, "5.6.0", "Message rejected in strict mode: " + rule);
    }

    public static Reply synchronizationError() {
        // Strict mode, RFC 2920 3.1: a command came before the reply it had to wait for.
        return of(554, "5.5.0", "Protocol synchronization error: command sent before reply");
    }

    public static Reply commandRejected(String rule) {
        return of(500, "5.5.2", "Rejected in strict mode: " + rule);
    }
}
