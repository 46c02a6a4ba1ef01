package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.ProtocolViolation.Rule;

/**
 * STARTTLS (RFC 3207 4): 220, then the connection hands the socket to TLS, discarding anything
 * the client sent after the command (RFC 3207 4.2; CVE-2011-0411); the session then starts over.
 */
final class StartTlsVerb {

    private StartTlsVerb() {
    }

    static Decision decide(Command.StartTls c, String line, SessionState s) {
        if (!s.config.tls().startTls() || !s.config.extensions().contains(Extension.STARTTLS)) {
            return Decision.reply(Replies.notImplemented("STARTTLS"));
        }
        if (c.hasArgument()) {
            // RFC 3207 4: "STARTTLS" takes no parameters; 501
            return Decision.reply(Replies.noArgumentsAllowed("STARTTLS")).violation(s, Rule.COMMAND_SYNTAX, line);
        }
        if (s.tlsActive) {
            // RFC 3207 4.2: not offered once TLS is active; 503
            return Decision.reply(Replies.badSequence("TLS is already active")).outOfSequence(s, line);
        }
        if (!s.extended) {
            return Decision.reply(Replies.badSequence("send EHLO first (STARTTLS is an ESMTP extension)"))
                    .outOfSequence(s, line);
        }
        return Decision.reply(Replies.readyToStartTls()).effect(Effect.START_TLS);
    }
}
