package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.ProtocolViolation.Rule;

/**
 * The verbs that need no unit of their own: RSET, NOOP, QUIT, VRFY, EXPN, HELP (RFC 5321 4.1.1.5
 * to 4.1.1.10), commands known but not offered, unknown verbs and bad syntax.
 */
final class SimpleVerbs {

    private SimpleVerbs() {
    }

    static Decision rset(SessionState s) {
        return Decision.reply(Replies.ok()).onAccept(s::resetTransaction);
    }

    static Decision noop() {
        return Decision.reply(Replies.ok());
    }

    // RFC 5321 4.1.1.10: QUIT MUST get 221 and a close, in any state.
    static Decision quit(SessionState s) {
        return Decision.reply(Replies.closing(s.config.serverName()))
                .effect(Effect.close(DisconnectReason.QUIT, ""))
                .onAccept(() -> {
                    s.resetTransaction();
                    s.state = Session.State.CLOSED;
                    s.mode = Session.Mode.CLOSED;
                });
    }

    static Decision vrfy() {
        return Decision.reply(Replies.vrfy());
    }

    static Decision expn() {
        return Decision.reply(Replies.expnNotImplemented());
    }

    static Decision help() {
        return Decision.reply(Replies.help());
    }

    // A command the RFCs define but this receiver does not offer: 502, and the client broke no rule.
    static Decision notImplemented(Command.NotImplemented c) {
        return Decision.reply(Replies.notImplemented(c.verb()));
    }

    static Decision unknown(String line, SessionState s) {
        return Decision.reply(Replies.unknownCommand()).violation(s, Rule.UNKNOWN_COMMAND, line);
    }

    static Decision invalid(Command.Invalid c, String line, SessionState s) {
        Decision decision = Decision.reply(c.reply()).violation(s, Rule.COMMAND_SYNTAX, line);
        if (c.verb().equals("RCPT") && (s.state == Session.State.MAIL || s.state == Session.State.RCPT)) {
            decision.onRefuse(() -> s.transaction.rejectRecipient()); // RFC 5321 3.3: a later DATA gets 554
        }
        return decision;
    }
}
